{#- The relation `model_name` in a practice's marts schema,
    `<target schema>_<practice id>` (the schema `mdc dbt` builds that
    practice into), or none when it does not exist (yet): that practice was
    never built, or not with this model. Always none at parse time. -#}
{% macro group_practice_relation(practice_id, model_name) %}
    {%- if not execute -%}
        {{- return(none) -}}
    {%- endif -%}
    {{- return(adapter.get_relation(
        database=none,
        schema=target.schema ~ '_' ~ practice_id,
        identifier=model_name)) -}}
{% endmacro %}
