{#- Fails on every row whose value lies outside [min_value, max_value] (or
    the open interval when inclusive is false). Either bound may be omitted,
    not both. NULLs pass: pair with not_null. -#}
{% test accepted_range(
    model, column_name, min_value=none, max_value=none, inclusive=true
) %}
    {% if min_value is none and max_value is none %}
        {{ exceptions.raise_compiler_error(
            "accepted_range on " ~ model ~ "." ~ column_name
            ~ ": give min_value, max_value or both"
        ) }}
    {% endif %}
    {% set operator = '=' if inclusive else '' %}
    {% set bounds = [] %}
    {% if min_value is not none %}
        {% do bounds.append(column_name ~ ' >' ~ operator ~ ' ' ~ min_value) %}
    {% endif %}
    {% if max_value is not none %}
        {% do bounds.append(column_name ~ ' <' ~ operator ~ ' ' ~ max_value) %}
    {% endif %}

    select *
    from {{ model }}
    where not ({{ bounds | join(' and ') }})

{% endtest %}
