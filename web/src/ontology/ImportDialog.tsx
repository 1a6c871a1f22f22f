// Import JSON: paste (or pick a file), check it parses, then confirm the replacement.
import { useState } from "react";
import { Button } from "../components/Button";
import { FileField, TextAreaField } from "../components/Field";
import { Modal } from "../components/Modal";
import { parseOntologyJSON } from "./model";
import type { Ontology } from "./types";

function count(o: Ontology): string {
  const n = o.objects.length;
  const c = o.classifications.length;
  return `${n} object class${n === 1 ? "" : "es"} and ${c} classification${c === 1 ? "" : "s"}`;
}

export function ImportDialog({ current, onImport, onClose }: { current: Ontology; onImport: (o: Ontology) => void; onClose: () => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  const [parsed, setParsed] = useState<Ontology | null>(null);

  if (parsed) {
    return (
      <Modal title="Replace the ontology?" onClose={onClose}>
        <div className="onto-import">
          <p>
            The editor&rsquo;s {count(current)} will be replaced by the imported {count(parsed)}. Nothing is saved until you save.
          </p>
          <div className="dialog-actions">
            <Button onClick={() => setParsed(null)}>Back</Button>
            <Button variant="danger" autoFocus onClick={() => onImport(parsed)}>
              Replace
            </Button>
          </div>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title="Import JSON" onClose={onClose}>
      <form
        className="onto-import"
        onSubmit={(e) => {
          e.preventDefault();
          const r = parseOntologyJSON(text);
          if (r.ok) {
            setError("");
            setParsed(r.ontology);
          } else {
            setError(r.error);
          }
        }}
      >
        <TextAreaField
          name="ontology_json"
          label="Ontology JSON"
          className="onto-mono onto-import-text"
          rows={14}
          spellCheck={false}
          placeholder='{"objects": [], "classifications": []}'
          value={text}
          error={error}
          onChange={(e) => {
            setText(e.target.value);
            if (error) setError("");
          }}
        />
        <FileField
          name="ontology_file"
          label="Or read a file"
          accept=".json,application/json"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (!f) return;
            try {
              setText(await f.text());
              setError("");
            } catch {
              setError(`Could not read ${f.name}.`);
            }
          }}
        />
        <div className="dialog-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={!text.trim()}>
            Import
          </Button>
        </div>
      </form>
    </Modal>
  );
}
