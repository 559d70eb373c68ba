"use client";
import { useId } from "react";
import type { FieldSchema } from "@/lib/blocks/editor-schemas";
import { completeWebUrl } from "@/lib/rich-text/complete-web-url";
import { ImageUrlInput } from "./image-url-input";
import { RichTextInput } from "./rich-text-input";
import { emptyValue, getAt, labelFor, newListItem, singular, type Json, type Path } from "./json-value";

type FormProps = {
  schema: Extract<FieldSchema, { type: "object" }>;
  value: Json;
  onChange: (path: Path, next: Json | undefined) => void;
  /** Problems keyed by their path inside this block: "stories.0.headline". */
  problems: Map<string, string>;
  readOnly: boolean;
};

/** A block's fields, drawn from its schema: objects are fieldsets, lists have add, move and remove. */
export function SchemaForm({ schema, value, onChange, problems, readOnly }: FormProps) {
  return <ObjectFields schema={schema} value={value} path={[]} onChange={onChange} problems={problems} readOnly={readOnly} />;
}

type NodeProps<S extends FieldSchema> = { schema: S; value: Json | undefined; path: Path; onChange: FormProps["onChange"]; problems: Map<string, string>; readOnly: boolean };

function ObjectFields({ schema, value, path, onChange, problems, readOnly }: NodeProps<Extract<FieldSchema, { type: "object" }>>) {
  return (
    <>
      {Object.entries(schema.properties).map(([key, property]) => {
        const childPath = [...path, key];
        const childValue = getAt(value ?? {}, [key]);
        const optional = !schema.required?.includes(key) && property.type === "object";
        if (optional) {
          return childValue === undefined || childValue === null ? (
            !readOnly && (
              <button key={key} type="button" className="link-button" onClick={() => onChange(childPath, emptyValue(property))}>
                + Add {labelFor(key).toLowerCase()}
              </button>
            )
          ) : (
            <fieldset key={key} className="nested">
              <legend>{labelFor(key)}</legend>
              <ObjectFields schema={property} value={childValue} path={childPath} onChange={onChange} problems={problems} readOnly={readOnly} />
              {!readOnly && (
                <button type="button" className="link-button danger" onClick={() => onChange(childPath, undefined)}>
                  Remove {labelFor(key).toLowerCase()}
                </button>
              )}
            </fieldset>
          );
        }
        return <FieldNode key={key} name={key} schema={property} value={childValue} path={childPath} onChange={onChange} problems={problems} readOnly={readOnly} />;
      })}
    </>
  );
}

function FieldNode({ name, ...props }: NodeProps<FieldSchema> & { name: string }) {
  const { schema } = props;
  if (schema.type === "object") {
    return (
      <fieldset className="nested">
        <legend>{labelFor(name)}</legend>
        <ObjectFields {...props} schema={schema} />
      </fieldset>
    );
  }
  if (schema.type === "array") return <ListField name={name} {...props} schema={schema} />;
  if (schema.type === "string") return <TextField name={name} {...props} schema={schema} />;
  return null;
}

function TextField({ name, schema, value, path, onChange, problems, readOnly }: NodeProps<Extract<FieldSchema, { type: "string" }>> & { name: string }) {
  const id = useId();
  const problem = problems.get(path.join("."));
  const text = typeof value === "string" ? value : "";
  const common = {
    id,
    readOnly,
    "aria-invalid": problem ? true : undefined,
    "aria-describedby": problem ? `${id}-problem` : undefined,
    "data-path": path.join("."),
  };
  const set = (next: string) => onChange(path, next);
  // useId is unique per field, so each block's (and each part's) input names its own list.
  const suggestionsId = schema.suggestions?.length ? `${id}-suggestions` : undefined;
  return (
    <div className={`field${problem ? " has-problem" : ""}`}>
      <label htmlFor={id}>{labelFor(name)}</label>
      {schema.widget === "richText" ? (
        <RichTextInput {...common} value={text} onChange={set} />
      ) : schema.widget === "imageUrl" ? (
        <ImageUrlInput {...common} value={text} onChange={set} />
      ) : schema.widget === "multiline" ? (
        <textarea {...common} value={text} rows={3} onChange={(event) => set(event.target.value)} />
      ) : (
        <input
          {...common}
          type={schema.widget === "url" ? "url" : "text"}
          inputMode={schema.widget === "url" ? "url" : undefined}
          placeholder={schema.widget === "url" ? "https://" : schema.widget === "anchor" ? "lower-case-words" : undefined}
          list={suggestionsId}
          value={text}
          onChange={(event) => set(event.target.value)}
          // "example.com/story" pasted without its scheme would hold up every save until fixed: completed as
          // https when the field is left, as a browser's address bar completes it. The API refuses it with the reason.
          onBlur={
            schema.widget === "url"
              ? (event) => {
                  const completed = completeWebUrl(event.target.value);
                  if (completed !== event.target.value) set(completed);
                }
              : undefined
          }
        />
      )}
      {suggestionsId ? (
        <datalist id={suggestionsId}>
          {schema.suggestions!.map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
      ) : null}
      {schema.maxLength && text.length > schema.maxLength * 0.9 ? (
        <p className="hint">
          {text.length} / {schema.maxLength} characters
        </p>
      ) : null}
      {problem ? (
        <p id={`${id}-problem`} className="error">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

function ListField({ name, schema, value, path, onChange, problems, readOnly }: NodeProps<Extract<FieldSchema, { type: "array" }>> & { name: string }) {
  const items = Array.isArray(value) ? value : [];
  const itemName = singular(name);
  const full = schema.maxItems !== undefined && items.length >= schema.maxItems;
  const problem = problems.get(path.join("."));
  const move = (from: number, to: number) => {
    const next = items.slice();
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved!);
    onChange(path, next);
  };
  const add = () => {
    const item = newListItem(schema.items, items);
    // New stories need an anchor id of their own; it stays editable.
    if (item && typeof item === "object" && !Array.isArray(item) && "id" in item) item.id = `${itemName}-${Math.random().toString(36).slice(2, 8)}`;
    onChange(path, [...items, item]);
  };
  return (
    <div className="list-field">
      <p className="list-label">
        {labelFor(name)} <span className="muted">({items.length})</span>
      </p>
      {problem ? <p className="error">{problem}</p> : null}
      {items.map((item, index) => (
        <fieldset key={index} className="list-item">
          <legend>
            {labelFor(itemName)} {index + 1}
          </legend>
          {!readOnly && (
            <div className="item-actions">
              <button type="button" onClick={() => move(index, index - 1)} disabled={index === 0} aria-label={`Move ${itemName} ${index + 1} up`}>
                ↑
              </button>
              <button type="button" onClick={() => move(index, index + 1)} disabled={index === items.length - 1} aria-label={`Move ${itemName} ${index + 1} down`}>
                ↓
              </button>
              <button type="button" className="danger" onClick={() => onChange(path, items.filter((_, i) => i !== index))} aria-label={`Remove ${itemName} ${index + 1}`}>
                Remove
              </button>
            </div>
          )}
          {schema.items.type === "object" ? (
            <ObjectFields schema={schema.items} value={item} path={[...path, index]} onChange={onChange} problems={problems} readOnly={readOnly} />
          ) : (
            <FieldNode name={itemName} schema={schema.items} value={item} path={[...path, index]} onChange={onChange} problems={problems} readOnly={readOnly} />
          )}
        </fieldset>
      ))}
      {!readOnly && (
        <button type="button" className="secondary" onClick={add} disabled={full}>
          + Add {itemName}
        </button>
      )}
    </div>
  );
}
