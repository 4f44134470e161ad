{#- The practices of the group build (DECISIONLOG G1): the env var
    MDC_GROUP_PRACTICES, a JSON list of {"id": ..., "name": ...} that
    `mdc dbt` sets for the group step; [] in a practice build. Ids are
    checked against the practice-id rule of mdc/practices.py, because they
    become schema names and SQL literals. -#}
{% macro group_practices() %}
    {%- set text = env_var('MDC_GROUP_PRACTICES', '') | trim -%}
    {%- set practices = fromjson(text) if text else [] -%}
    {%- if practices is not sequence or practices is mapping -%}
        {{ exceptions.raise_compiler_error(
            'MDC_GROUP_PRACTICES must be a JSON list of {"id", "name"}: '
            ~ text) }}
    {%- endif -%}
    {%- for practice in practices -%}
        {%- if practice is not mapping
            or not modules.re.match('^[A-Za-z0-9_]{1,24}$',
                                    practice.get('id', '') | string) -%}
            {{ exceptions.raise_compiler_error(
                'MDC_GROUP_PRACTICES: each practice needs an "id" of 1-24'
                ~ ' letters, digits or underscores: ' ~ practice) }}
        {%- endif -%}
    {%- endfor -%}
    {{- return(practices) -}}
{% endmacro %}
