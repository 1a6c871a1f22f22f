-- +goose Up
-- The queue: a task is claimed for a while (its lease), annotated in revisions, reviewed, skipped.
ALTER TABLE tasks ADD COLUMN claimed_at TIMESTAMPTZ;
-- A claim lapses when its holder goes quiet: the task returns to the queue.
ALTER TABLE tasks ADD COLUMN claim_expires_at TIMESTAMPTZ;
-- The newest label revision; a submit names the revision it was made from.
ALTER TABLE tasks ADD COLUMN label_revision INTEGER NOT NULL DEFAULT 0;
-- Who annotated the current revision: rework goes back to them, routers may look at them.
ALTER TABLE tasks ADD COLUMN annotator_id UUID REFERENCES users (id);
ALTER TABLE tasks ADD COLUMN time_spent_ms BIGINT NOT NULL DEFAULT 0;
-- The notes of the last rejection, shown to whoever reworks the task.
ALTER TABLE tasks ADD COLUMN review_notes TEXT NOT NULL DEFAULT '';
CREATE INDEX tasks_assignee ON tasks (workspace_id, project_id, assignee_id, status);

-- Every revision of a task's label is kept.
CREATE TABLE labels (
    workspace_id     UUID NOT NULL,
    task_id          UUID NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    revision         INTEGER NOT NULL CHECK (revision > 0),
    author_id        UUID NOT NULL REFERENCES users (id),
    stage            TEXT NOT NULL,
    ontology_version INTEGER NOT NULL,
    -- The label document (see docs/ontologies.md), canonical as validated.
    document         TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, task_id, revision)
);

-- A label being made, saved as the annotator works so that a closed tab loses nothing.
CREATE TABLE label_drafts (
    workspace_id UUID NOT NULL,
    task_id      UUID NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    user_id      UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    document     TEXT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, task_id, user_id)
);

CREATE TABLE reviews (
    workspace_id UUID NOT NULL,
    task_id      UUID NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    -- The label revision the review judged.
    revision     INTEGER NOT NULL,
    reviewer_id  UUID NOT NULL REFERENCES users (id),
    stage        TEXT NOT NULL,
    approved     BOOLEAN NOT NULL,
    notes        TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, task_id, revision, reviewer_id, stage)
);

-- Who skipped which task: a skipped task is not offered again to them.
CREATE TABLE task_skips (
    workspace_id UUID NOT NULL,
    task_id      UUID NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    user_id      UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, task_id, user_id)
);

-- Every task transition, with the active time spent: the source of analytics.
CREATE TABLE task_events (
    workspace_id UUID NOT NULL,
    id           UUID NOT NULL,
    project_id   UUID NOT NULL,
    task_id      UUID NOT NULL,
    stage        TEXT NOT NULL,
    user_id      UUID,
    kind         TEXT NOT NULL,
    active_ms    BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, id)
);
CREATE INDEX task_events_project ON task_events (workspace_id, project_id, created_at);
CREATE INDEX task_events_task ON task_events (workspace_id, task_id, created_at);

-- +goose Down
DROP TABLE task_events;
DROP TABLE task_skips;
DROP TABLE reviews;
DROP TABLE label_drafts;
DROP TABLE labels;
DROP INDEX tasks_assignee;
ALTER TABLE tasks DROP COLUMN review_notes;
ALTER TABLE tasks DROP COLUMN time_spent_ms;
ALTER TABLE tasks DROP COLUMN annotator_id;
ALTER TABLE tasks DROP COLUMN label_revision;
ALTER TABLE tasks DROP COLUMN claim_expires_at;
ALTER TABLE tasks DROP COLUMN claimed_at;
