import { useState, type FormEvent } from "react";
import type { ItemType } from "../../api/client";
import { Button } from "../../components/Button";
import { SelectField, TextField } from "../../components/Field";
import { isFiltered, type ItemFilter } from "../../lib/itemFilter";
import { ITEM_TYPES, itemTypeLabel } from "../../lib/items";
import { formatMetadataFilter, parseMetadataFilter } from "../../lib/metadata";

interface ItemFiltersProps {
  filter: ItemFilter;
  onChange: (f: ItemFilter) => void;
  /** The server's complaint about the metadata filter, if any. */
  serverError?: string;
}

/**
 * ItemFilters narrows the grid by type (at once) and by metadata, typed as
 * `key = value` pairs and applied on Enter or with Filter.
 */
export function ItemFilters({ filter, onChange, serverError }: ItemFiltersProps) {
  // Re-key on the applied filter so the text box shows it after a reset.
  return <FiltersForm key={JSON.stringify(filter)} filter={filter} onChange={onChange} serverError={serverError} />;
}

function FiltersForm({ filter, onChange, serverError }: ItemFiltersProps) {
  const [error, setError] = useState("");

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const text = (new FormData(e.currentTarget).get("metadata") as string | null) ?? "";
    const parsed = parseMetadataFilter(text);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError("");
    onChange({ ...filter, metadata: parsed.value });
  }

  return (
    <form className="form form-inline filters" onSubmit={onSubmit} noValidate role="search" aria-label="Filter items">
      <SelectField
        name="type"
        label="Type"
        value={filter.type ?? ""}
        onChange={(e) => onChange({ ...filter, type: (e.target.value || undefined) as ItemType | undefined })}
        options={[{ value: "", label: "All types" }, ...ITEM_TYPES.map((t) => ({ value: t, label: itemTypeLabel(t) }))]}
      />
      <TextField
        name="metadata"
        label="Metadata"
        defaultValue={formatMetadataFilter(filter.metadata).replace(/\n/g, "; ")}
        placeholder="camera = front; split = 2"
        spellCheck={false}
        autoComplete="off"
        hint={'key = value pairs, separated by ";". Values that read as JSON keep their type: 2 is a number, "2" is text.'}
        error={error || serverError}
        fieldClassName="field-grow"
      />
      <div className="field field-button">
        <Button type="submit">Filter</Button>
      </div>
      {isFiltered(filter) && (
        <div className="field field-button">
          <Button variant="ghost" onClick={() => onChange({})}>
            Clear
          </Button>
        </div>
      )}
    </form>
  );
}
