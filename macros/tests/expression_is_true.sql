{#- Fails on every row where `expression` is not true. Stricter than
    dbt_utils: a row where the expression is NULL fails too, so an unknown
    value cannot hide a broken identity. -#}
{% test expression_is_true(model, expression, column_name=None) %}
    {% set prefix = column_name ~ ' ' if column_name else '' %}

    select *
    from {{ model }}
    where not coalesce({{ prefix }}{{ expression }}, false)

{% endtest %}
