{% macro mdc_global_fingerprint(node=none) %}
    {#- {'fingerprint': md5, 'detail': 'part=value; ...'} of the node's
        logic (`code`) and of each global input (`<name>` = rows/checksum,
        `var:<name>` = value). -#}
    {%- set node = node or model -%}
    {%- set upstream = {} -%}
    {%- do mdc_upstream_node_ids(node.unique_id, upstream) -%}
    {%- set code_parts = [node.unique_id ~ ':' ~ node.checksum.checksum] -%}
    {%- for unique_id in upstream | sort -%}
        {%- do code_parts.append(
            unique_id ~ ':' ~ graph.nodes[unique_id].checksum.checksum
        ) -%}
    {%- endfor -%}
    {%- set parts = ['code=' ~ local_md5(code_parts | join(','))] -%}
    {%- set selects = [] -%}
    {%- for entry in node.config.get('global_inputs') or [] -%}
        {%- set entry = {'name': entry} if entry is string else entry -%}
        {%- if entry.get('var') -%}
            {%- do parts.append(
                'var:' ~ entry['var'] ~ '=' ~ var(entry['var'], '')
            ) -%}
        {%- else -%}
            {%- set relation = mdc_global_input_relation(
                node, entry['name'], upstream
            ) -%}
            {%- set label = entry['name']
                ~ ('[' ~ entry['where'] ~ ']' if entry.get('where') else '') -%}
            {%- if relation is none -%}
                {%- do parts.append(label ~ '=missing') -%}
            {%- else -%}
                {%- set columns = entry.get('columns') or (
                    adapter.get_columns_in_relation(relation)
                    | map(attribute='name') | list
                ) -%}
                {%- set row_text -%}
                    {%- for column in columns -%}
                        coalesce(cast({{ adapter.quote(column) }} as char), '<null>')
                        {{- ', ' if not loop.last -}}
                    {%- endfor -%}
                {%- endset -%}
                {%- set one_select -%}
                    select
                        {{ mdc_sql_string(label) }} as input_label,
                        count(*) as row_count,
                        coalesce(sum(crc32(concat_ws('|', {{ row_text }}))), 0)
                            as checksum_total
                    from {{ relation }}
                    {% if entry.get('where') %}where {{ entry['where'] }}{% endif %}
                {%- endset -%}
                {%- do selects.append((label, one_select)) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if selects -%}
        {%- set query -%}
            {%- for label, one_select in selects -%}
                {{ one_select ~ (' union all ' if not loop.last else '') }}
            {%- endfor -%}
        {%- endset -%}
        {%- for row in run_query(query).rows -%}
            {%- do parts.append(
                row[0] ~ '=' ~ row[1] ~ '/' ~ row[2]
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set detail = parts | join('; ') -%}
    {{ return({'fingerprint': local_md5(detail), 'detail': detail}) }}
{% endmacro %}
