// The shortcut sheet (?): the keys in effect for this ontology.

import { Modal } from "../components/Modal";
import { shortcuts } from "./model";
import type { Ontology } from "../ontology/types";

export function ShortcutSheet({ ontology, video, classes, onClose }: { ontology: Ontology; video: boolean; classes?: readonly string[]; onClose(): void }) {
  const mac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform ?? "");
  const groups = shortcuts(ontology, { video, classes, mod: mac ? "⌘" : "Ctrl" });
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} size="lg">
      <div className="ed-sheet">
        {groups.map((g) => (
          <section key={g.group}>
            <h3 className="ed-subhead">{g.group}</h3>
            <table className="ed-sheet-table">
              <tbody>
                {g.items.map((s) => (
                  <tr key={s.keys + s.action}>
                    <td>
                      <kbd className="ed-kbd">{s.keys}</kbd>
                    </td>
                    <td>{s.action}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </Modal>
  );
}
