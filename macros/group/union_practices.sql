{#- The body of a group view (DECISIONLOG G1): `model_name` of every
    practice in MDC_GROUP_PRACTICES whose marts schema has it, each row
    prefixed with its `practice_id`, joined by `union all`. A practice
    without the relation is left out, with a log line. With none at all
    (no practice built yet, or compiling without a database) the result is
    a placeholder of one column, practice_id, and no rows: a view needs a
    relation to take its columns from, and there is none; the next group
    build after a practice build replaces it. -#}
{% macro union_practices(model_name) %}
    {%- set selects = [] -%}
    {%- for practice in group_practices() -%}
        {%- set relation = group_practice_relation(practice.id, model_name) -%}
        {%- if relation is none -%}
            {%- if execute -%}
                {{ log('union_practices: no ' ~ target.schema ~ '_'
                       ~ practice.id ~ '.' ~ model_name
                       ~ ' (practice not built yet); left out', info=true) }}
            {%- endif -%}
        {%- else -%}
            {%- do selects.append(
                "select '" ~ practice.id ~ "' as practice_id, t.*\nfrom "
                ~ relation ~ ' as t') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if selects -%}
        {{- selects | join('\nunion all\n') -}}
    {%- else -%}
        select cast(null as char(24)) as practice_id from dual where false
    {%- endif -%}
{% endmacro %}
