{#- Fails once per combination of the columns that occurs on more than one
    row (the key of a model whose grain is several columns). NULLs compare
    equal here, as in GROUP BY. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    {% if combination_of_columns is string or not combination_of_columns %}
        {{ exceptions.raise_compiler_error(
            "unique_combination_of_columns on " ~ model
            ~ ": combination_of_columns must be a list of columns"
        ) }}
    {% endif %}
    {% set columns = combination_of_columns | join(', ') %}

    select
        {{ columns }},
        count(*) as duplicate_rows
    from {{ model }}
    group by {{ columns }}
    having count(*) > 1

{% endtest %}
