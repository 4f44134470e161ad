{#- Characters, not bytes (MariaDB's length() counts bytes: 'é' is 2). -#}
{% macro mariadb__length(expression) -%}
    char_length({{ expression }})
{%- endmacro %}

{% macro mysql__length(expression) -%}
    {{ return(mariadb__length(expression)) }}
{%- endmacro %}
