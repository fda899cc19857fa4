/**
 * A form generated from a template's JSON Schema (as `GET /v1/templates` publishes it from the
 * template's zod schema): objects become fieldsets, enums selects, arrays of strings one line per
 * item, arrays of objects repeatable groups. The server validates again; this only helps type.
 */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: string[];
  pattern?: string;
  minItems?: number;
  maxItems?: number;
}

type Value = unknown;

const labelOf = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

export function SchemaForm({ schema, value, onChange, path = 'data' }: { schema: JsonSchema; value: Value; onChange: (value: Value) => void; path?: string }) {
  if (schema.type === 'object' && schema.properties) {
    const object = (value ?? {}) as Record<string, Value>;
    return (
      <div class="schema-object">
        {Object.entries(schema.properties).map(([key, child]) => {
          const required = schema.required?.includes(key) ?? false;
          const childPath = `${path}.${key}`;
          const set = (next: Value) => {
            const copy = { ...object };
            if (next === undefined || next === '') delete copy[key];
            else copy[key] = next;
            onChange(copy);
          };
          if (child.type === 'object' || (child.type === 'array' && child.items?.type === 'object')) {
            return (
              <fieldset key={key}>
                <legend>{labelOf(key)}{required ? ' *' : ''}</legend>
                <SchemaForm schema={child} value={object[key]} onChange={set} path={childPath} />
              </fieldset>
            );
          }
          return (
            <label key={key}>
              {labelOf(key)}
              {required ? ' *' : ''}
              <Field schema={child} name={childPath} value={object[key]} required={required} onChange={set} keyName={key} />
            </label>
          );
        })}
      </div>
    );
  }
  if (schema.type === 'array' && schema.items?.type === 'object') {
    const items = (Array.isArray(value) ? value : []) as Value[];
    return (
      <div class="schema-array">
        {items.map((item, index) => (
          <div key={index} class="schema-item">
            <SchemaForm schema={schema.items as JsonSchema} value={item} onChange={(next) => onChange(items.map((old, i) => (i === index ? next : old)))} path={`${path}.${index}`} />
            <button type="button" onClick={() => onChange(items.filter((_, i) => i !== index))}>−</button>
          </div>
        ))}
        <button type="button" onClick={() => onChange([...items, {}])}>+</button>
      </div>
    );
  }
  return <Field schema={schema} name={path} value={value} required={false} onChange={onChange} keyName={path} />;
}

function Field({ schema, name, value, required, onChange, keyName }: { schema: JsonSchema; name: string; value: Value; required: boolean; onChange: (value: Value) => void; keyName: string }) {
  if (schema.enum) {
    return (
      <select name={name} value={String(value ?? '')} onChange={(e) => onChange(e.currentTarget.value || undefined)}>
        {!required && <option value="" />}
        {schema.enum.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  }
  if (schema.type === 'boolean') return <input type="checkbox" name={name} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
  if (schema.type === 'number' || schema.type === 'integer') {
    return <input type="number" name={name} value={value === undefined ? '' : String(value)} onInput={(e) => onChange(e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))} />;
  }
  if (schema.type === 'array') {
    // One item per line.
    return (
      <textarea name={name} rows={2} value={Array.isArray(value) ? value.join('\n') : ''} onInput={(e) => onChange(e.currentTarget.value.split('\n').map((l) => l.trim()).filter(Boolean))} />
    );
  }
  const long = /discussion|response|content|text|terms|note|body/i.test(keyName);
  if (long) return <textarea name={name} rows={3} required={required} value={String(value ?? '')} onInput={(e) => onChange(e.currentTarget.value)} />;
  const text = String(value ?? '');
  const input = (e: { currentTarget: HTMLInputElement }) => onChange(e.currentTarget.value);
  if (/date$/i.test(keyName)) return <input name={name} type="date" required={required} value={text} onInput={input} />;
  return <input name={name} required={required} {...(schema.pattern ? { pattern: schema.pattern.replace(/^\^|\$$/g, '') } : {})} value={text} onInput={input} />;
}
