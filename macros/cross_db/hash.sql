{#- md5 hex digest of the value's text form (dbt's default casts to TEXT,
    not a CAST target here). -#}
{% macro mariadb__hash(field) -%}
    md5(cast({{ field }} as char))
{%- endmacro %}

{% macro mysql__hash(field) -%}
    {{ return(mariadb__hash(field)) }}
{%- endmacro %}
