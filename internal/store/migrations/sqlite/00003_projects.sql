-- +goose Up
-- An ontology's versions: a compatible edit changes the latest in place (revision + 1); an edit
-- that could invalidate a label adds a version, and projects pinned to the old one keep it.
CREATE TABLE ontologies (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL,
    created_by   TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id)
);
CREATE UNIQUE INDEX ontologies_name ON ontologies (workspace_id, lower(name));

CREATE TABLE ontology_versions (
    workspace_id TEXT NOT NULL,
    ontology_id  TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version > 0),
    revision     INTEGER NOT NULL CHECK (revision > 0),
    -- The canonical document as Loupe wrote it: TEXT keeps its bytes, which exports and equality rely on.
    schema       TEXT NOT NULL,
    created_by   TEXT NOT NULL REFERENCES users (id),
    updated_by   TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (workspace_id, ontology_id, version),
    FOREIGN KEY (workspace_id, ontology_id) REFERENCES ontologies (workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE workflow_templates (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL,
    graph        TEXT NOT NULL,
    created_by   TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX workflow_templates_name ON workflow_templates (workspace_id, lower(name));

CREATE TABLE tags (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    color        TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id)
);
CREATE UNIQUE INDEX tags_name ON tags (workspace_id, lower(name));

-- A project pins one ontology version: the version cannot go while a project uses it.
CREATE TABLE projects (
    id                TEXT PRIMARY KEY,
    workspace_id      TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    description       TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'paused', 'completed', 'cancelled', 'archived')),
    ontology_id       TEXT NOT NULL,
    ontology_version  INTEGER NOT NULL,
    workflow          TEXT NOT NULL,
    workflow_revision INTEGER NOT NULL,
    created_by        TEXT NOT NULL REFERENCES users (id),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    UNIQUE (workspace_id, id),
    FOREIGN KEY (workspace_id, ontology_id, ontology_version) REFERENCES ontology_versions (workspace_id, ontology_id, version)
);
CREATE UNIQUE INDEX projects_name ON projects (workspace_id, lower(name));
CREATE INDEX projects_ontology ON projects (workspace_id, ontology_id, ontology_version);

CREATE TABLE project_tags (
    workspace_id TEXT NOT NULL,
    project_id   TEXT NOT NULL,
    tag_id       TEXT NOT NULL,
    PRIMARY KEY (workspace_id, project_id, tag_id),
    FOREIGN KEY (workspace_id, project_id) REFERENCES projects (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, tag_id) REFERENCES tags (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX project_tags_tag ON project_tags (workspace_id, tag_id, project_id);

-- A dataset attached to a project; a dataset with projects cannot be deleted (its tasks would go).
CREATE TABLE project_datasets (
    workspace_id TEXT NOT NULL,
    project_id   TEXT NOT NULL,
    dataset_id   TEXT NOT NULL REFERENCES datasets (id),
    -- FALSE while a background job still turns the dataset's items into tasks.
    populated    BOOLEAN NOT NULL,
    added_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (workspace_id, project_id, dataset_id),
    FOREIGN KEY (workspace_id, project_id) REFERENCES projects (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX project_datasets_dataset ON project_datasets (workspace_id, dataset_id);

-- Who works on a project: a member or a group, with a project role.
CREATE TABLE project_members (
    workspace_id TEXT NOT NULL,
    project_id   TEXT NOT NULL,
    user_id      TEXT,
    group_id     TEXT REFERENCES user_groups (id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'team_manager', 'annotator', 'reviewer', 'annotator_reviewer')),
    created_at   TIMESTAMP NOT NULL,
    CHECK ((user_id IS NULL) <> (group_id IS NULL)),
    FOREIGN KEY (workspace_id, project_id) REFERENCES projects (workspace_id, id) ON DELETE CASCADE,
    FOREIGN KEY (workspace_id, user_id) REFERENCES memberships (workspace_id, user_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX project_members_user ON project_members (workspace_id, project_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX project_members_group ON project_members (workspace_id, project_id, group_id) WHERE group_id IS NOT NULL;
CREATE INDEX project_members_member ON project_members (workspace_id, user_id);

-- One task per data item and project, waiting in a stage of the project's workflow.
CREATE TABLE tasks (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    project_id   TEXT NOT NULL,
    dataset_id   TEXT NOT NULL,
    item_id      TEXT NOT NULL REFERENCES data_items (id) ON DELETE CASCADE,
    stage        TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'reopened', 'skipped', 'completed')),
    priority     INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 100),
    assignee_id  TEXT REFERENCES users (id),
    attempts     INTEGER NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    FOREIGN KEY (workspace_id, project_id) REFERENCES projects (workspace_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX tasks_item ON tasks (workspace_id, project_id, item_id);
CREATE INDEX tasks_queue ON tasks (workspace_id, project_id, stage, status, priority DESC, id);
CREATE INDEX tasks_dataset ON tasks (workspace_id, project_id, dataset_id);

-- +goose Down
DROP TABLE tasks;
DROP TABLE project_members;
DROP TABLE project_datasets;
DROP TABLE project_tags;
DROP TABLE projects;
DROP TABLE tags;
DROP TABLE workflow_templates;
DROP TABLE ontology_versions;
DROP TABLE ontologies;
