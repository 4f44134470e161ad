{% macro mdc_global_rebuild_reason(node=none) %}
    {#- Why a global rebuild is due, for the log: the parts that differ. -#}
    {%- set node = node or model -%}
    {%- set stored = mdc_model_state_read(this.schema, node.name) -%}
    {%- set current = mdc_global_fingerprint(node) -%}
    {%- if stored is none -%}
        {{ return('no stored fingerprint of its global inputs') }}
    {%- endif -%}
    {%- set before = {} -%}
    {%- for part in (stored.detail or '').split('; ') if '=' in part -%}
        {%- do before.update({part.rsplit('=', 1)[0]: part}) -%}
    {%- endfor -%}
    {%- set changed = [] -%}
    {%- for part in current.detail.split('; ') -%}
        {%- set key = part.rsplit('=', 1)[0] -%}
        {%- if before.get(key) != part -%}
            {%- do changed.append(key) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('changed: ' ~ (changed | join(', ') or 'fingerprint')) }}
{% endmacro %}
