{#- group_concat, capped by the session's group_concat_max_len (1 MB by
    default on MariaDB). -#}
{% macro mariadb__listagg(
    measure, delimiter_text, order_by_clause, limit_num
) -%}
    group_concat(
        {{ measure }}
        {{ order_by_clause or '' }}
        separator {{ delimiter_text }}
        {%- if limit_num %} limit {{ limit_num }}{% endif %}
    )
{%- endmacro %}

{% macro mysql__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {{ return(mariadb__listagg(
        measure, delimiter_text, order_by_clause, limit_num
    )) }}
{%- endmacro %}
