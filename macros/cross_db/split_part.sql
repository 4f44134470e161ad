{#- Part n (1-based; negative counts from the end) of a delimited string;
    '' when there is no such part, as in Postgres. -#}
{% macro mariadb__split_part(string_text, delimiter_text, part_number) -%}
    {%- set text, divider = string_text, delimiter_text -%}
    case
        when abs({{ part_number }}) > 1 + (
            char_length({{ text }})
            - char_length(replace({{ text }}, {{ divider }}, ''))
        ) / char_length({{ divider }})
            then ''
        when {{ part_number }} > 0
            then substring_index(
                substring_index({{ text }}, {{ divider }}, {{ part_number }}),
                {{ divider }},
                -1
            )
        else substring_index(
            substring_index({{ text }}, {{ divider }}, {{ part_number }}),
            {{ divider }},
            1
        )
    end
{%- endmacro %}

{% macro mysql__split_part(string_text, delimiter_text, part_number) -%}
    {{ return(mariadb__split_part(string_text, delimiter_text, part_number)) }}
{%- endmacro %}
