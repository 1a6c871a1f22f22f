package api

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// routes is the table of every API operation.
func (s *Server) routes(api huma.API) {
	// Every operation registered after this checks which credential it takes (see keyGate).
	api.UseMiddleware(s.keyGate(api))
	op := func(id, method, path, summary, tag string, status int) huma.Operation {
		return huma.Operation{OperationID: id, Method: method, Path: "/api/v1" + path, Summary: summary, Tags: []string{tag},
			DefaultStatus: status, Security: security(path)}
	}
	public := func(o huma.Operation) huma.Operation { o.Security = nil; return o }

	register(s, api, public(op("get-setup", http.MethodGet, "/setup", "Whether Loupe waits for its first admin", "Setup", 200)), s.getSetup)
	register(s, api, public(op("setup", http.MethodPost, "/setup", "Create the first admin and workspace", "Setup", 201)), s.setup)

	register(s, api, public(op("sign-up", http.MethodPost, "/auth/signup", "Create an account and sign in", "Sessions", 201)), s.signUp)
	register(s, api, public(op("sign-in", http.MethodPost, "/auth/signin", "Sign in with email and password", "Sessions", 200)), s.signIn)
	register(s, api, public(op("complete-sign-in", http.MethodPost, "/auth/signin/mfa", "Finish a sign-in with its second factor; opens the session", "Sessions", 200)), s.completeSignIn)
	register(s, api, public(op("begin-passkey-sign-in", http.MethodPost, "/auth/signin/mfa/webauthn", "Ask for a passkey as a sign-in's second factor", "Sessions", 200)), s.beginPasskeySignIn)
	register(s, api, op("sign-out", http.MethodPost, "/auth/signout", "End this session", "Sessions", 204), s.signOut)

	register(s, api, keyMay("account.read", op("get-me", http.MethodGet, "/me", "My account and workspaces", "Account", 200)), s.getMe)
	register(s, api, op("update-me", http.MethodPatch, "/me", "Change my name", "Account", 200), s.updateMe)
	register(s, api, op("change-password", http.MethodPost, "/me/password", "Change my password; ends my other sessions", "Account", 204), s.changePassword)
	register(s, api, keyMay("account.read", op("list-my-sessions", http.MethodGet, "/me/sessions", "My sessions", "Account", 200)), s.listMySessions)
	register(s, api, op("revoke-my-session", http.MethodDelete, "/me/sessions/{sessionID}", "End one of my sessions", "Account", 204), s.revokeMySession)

	register(s, api, op("get-my-mfa", http.MethodGet, "/me/mfa", "My second factors, and which of my workspaces require one", "Two-factor authentication", 200), s.getMyMFA)
	register(s, api, op("begin-totp", http.MethodPost, "/me/mfa/totp", "Make a new authenticator app secret (counts once confirmed)", "Two-factor authentication", 201), s.beginTOTP)
	register(s, api, op("confirm-totp", http.MethodPost, "/me/mfa/totp/confirm", "Confirm the new authenticator app with a code it shows", "Two-factor authentication", 200), s.confirmTOTP)
	register(s, api, op("remove-totp", http.MethodDelete, "/me/mfa/totp", "Remove my authenticator app", "Two-factor authentication", 204), s.removeTOTP)
	register(s, api, op("regenerate-recovery-codes", http.MethodPost, "/me/mfa/recovery-codes", "Replace my recovery codes with ten new ones", "Two-factor authentication", 200), s.regenerateRecoveryCodes)
	register(s, api, op("list-my-passkeys", http.MethodGet, "/me/mfa/passkeys", "My passkeys and security keys", "Two-factor authentication", 200), s.listMyPasskeys)
	register(s, api, op("begin-passkey-registration", http.MethodPost, "/me/mfa/passkeys/register", "Start registering a passkey or security key", "Two-factor authentication", 200), s.beginPasskeyRegistration)
	register(s, api, op("finish-passkey-registration", http.MethodPost, "/me/mfa/passkeys", "Register the passkey with the browser's answer", "Two-factor authentication", 201), s.finishPasskeyRegistration)
	register(s, api, op("rename-passkey", http.MethodPatch, "/me/mfa/passkeys/{passkeyID}", "Rename one of my passkeys", "Two-factor authentication", 200), s.renamePasskey)
	register(s, api, op("remove-passkey", http.MethodDelete, "/me/mfa/passkeys/{passkeyID}", "Remove one of my passkeys", "Two-factor authentication", 204), s.removePasskey)

	register(s, api, keyMay("account.read", op("list-my-api-keys", http.MethodGet, "/me/api-keys", "My API keys (revoked ones are not listed)", "API keys", 200)), s.listMyAPIKeys)
	register(s, api, keyMay("account.api_keys.manage", op("create-api-key", http.MethodPost, "/me/api-keys", "Create an API key for one workspace; its secret is shown once", "API keys", 201)), s.createAPIKey)
	register(s, api, keyMay("account.api_keys.manage", op("revoke-my-api-key", http.MethodDelete, "/me/api-keys/{keyID}", "Revoke one of my API keys", "API keys", 204)), s.revokeMyAPIKey)
	register(s, api, public(op("list-api-key-actions", http.MethodGet, "/api-key-actions", "The actions an API key's scope may name", "API keys", 200)), s.apiKeyActions)
	register(s, api, op("list-workspace-api-keys", http.MethodGet, "/workspaces/{workspaceID}/api-keys", "The API keys bound to a workspace, with their owners (admins)", "API keys", 200), s.listWorkspaceAPIKeys)
	register(s, api, op("revoke-workspace-api-key", http.MethodDelete, "/workspaces/{workspaceID}/api-keys/{keyID}", "Revoke a member's API key (admins)", "API keys", 204), s.revokeWorkspaceAPIKey)

	register(s, api, op("create-workspace", http.MethodPost, "/workspaces", "Create a workspace; I become its admin", "Workspaces", 201), s.createWorkspace)
	register(s, api, op("get-workspace", http.MethodGet, "/workspaces/{workspaceID}", "A workspace and its settings", "Workspaces", 200), s.getWorkspace)
	register(s, api, op("update-workspace", http.MethodPatch, "/workspaces/{workspaceID}", "Change workspace settings", "Workspaces", 200), s.updateWorkspace)

	register(s, api, op("list-members", http.MethodGet, "/workspaces/{workspaceID}/members", "Members of a workspace", "Members", 200), s.listMembers)
	register(s, api, op("update-member", http.MethodPatch, "/workspaces/{workspaceID}/members/{userID}", "Change a member's role or user type", "Members", 200), s.updateMember)
	register(s, api, op("remove-member", http.MethodDelete, "/workspaces/{workspaceID}/members/{userID}", "Remove a member (or leave)", "Members", 204), s.removeMember)
	register(s, api, op("reset-member-mfa", http.MethodDelete, "/workspaces/{workspaceID}/members/{userID}/mfa", "Remove an internal member's second factors (admins)", "Members", 204), s.resetMemberMFA)

	register(s, api, op("list-invitations", http.MethodGet, "/workspaces/{workspaceID}/invitations", "Pending invitations", "Invitations", 200), s.listInvitations)
	register(s, api, op("create-invitation", http.MethodPost, "/workspaces/{workspaceID}/invitations", "Invite an email address", "Invitations", 201), s.createInvitation)
	register(s, api, op("revoke-invitation", http.MethodDelete, "/workspaces/{workspaceID}/invitations/{invitationID}", "Revoke an invitation", "Invitations", 204), s.revokeInvitation)
	register(s, api, public(op("get-invitation", http.MethodGet, "/invitations/{token}", "An invitation, as its link's holder sees it", "Invitations", 200)), s.getInvitation)
	register(s, api, public(op("accept-invitation", http.MethodPost, "/invitations/{token}/accept", "Accept an invitation", "Invitations", 200)), s.acceptInvitation)

	register(s, api, op("list-groups", http.MethodGet, "/workspaces/{workspaceID}/groups", "User groups of a workspace", "Groups", 200), s.listGroups)
	register(s, api, op("create-group", http.MethodPost, "/workspaces/{workspaceID}/groups", "Create a user group", "Groups", 201), s.createGroup)
	register(s, api, op("get-group", http.MethodGet, "/workspaces/{workspaceID}/groups/{groupID}", "A user group", "Groups", 200), s.getGroup)
	register(s, api, op("rename-group", http.MethodPatch, "/workspaces/{workspaceID}/groups/{groupID}", "Rename a user group", "Groups", 200), s.renameGroup)
	register(s, api, op("delete-group", http.MethodDelete, "/workspaces/{workspaceID}/groups/{groupID}", "Delete a user group", "Groups", 204), s.deleteGroup)
	register(s, api, op("list-group-members", http.MethodGet, "/workspaces/{workspaceID}/groups/{groupID}/members", "Members of a user group", "Groups", 200), s.listGroupMembers)
	register(s, api, op("add-group-member", http.MethodPut, "/workspaces/{workspaceID}/groups/{groupID}/members/{userID}", "Add a member to a group", "Groups", 204), s.addGroupMember)
	register(s, api, op("list-storage-integrations", http.MethodGet, "/workspaces/{workspaceID}/storage-integrations", "Customer buckets datasets can read from", "Storage", 200), s.listIntegrations)
	register(s, api, op("create-storage-integration", http.MethodPost, "/workspaces/{workspaceID}/storage-integrations", "Add a customer bucket", "Storage", 201), s.createIntegration)
	register(s, api, op("get-storage-integration", http.MethodGet, "/workspaces/{workspaceID}/storage-integrations/{integrationID}", "A storage integration", "Storage", 200), s.getIntegration)
	register(s, api, op("update-storage-integration", http.MethodPatch, "/workspaces/{workspaceID}/storage-integrations/{integrationID}", "Change a storage integration", "Storage", 200), s.updateIntegration)
	register(s, api, op("delete-storage-integration", http.MethodDelete, "/workspaces/{workspaceID}/storage-integrations/{integrationID}", "Remove a storage integration no dataset uses", "Storage", 204), s.deleteIntegration)
	register(s, api, op("check-storage-integration", http.MethodPost, "/workspaces/{workspaceID}/storage-integrations/{integrationID}/check", "Test that the bucket can be listed and read", "Storage", 200), s.checkIntegration)

	register(s, api, op("list-datasets", http.MethodGet, "/workspaces/{workspaceID}/datasets", "Datasets I may see", "Datasets", 200), s.listDatasets)
	register(s, api, op("create-dataset", http.MethodPost, "/workspaces/{workspaceID}/datasets", "Create a dataset; I become its admin", "Datasets", 201), s.createDataset)
	register(s, api, op("get-dataset", http.MethodGet, "/workspaces/{workspaceID}/datasets/{datasetID}", "A dataset and my role on it", "Datasets", 200), s.getDataset)
	register(s, api, op("update-dataset", http.MethodPatch, "/workspaces/{workspaceID}/datasets/{datasetID}", "Rename or describe a dataset", "Datasets", 200), s.updateDataset)
	register(s, api, op("delete-dataset", http.MethodDelete, "/workspaces/{workspaceID}/datasets/{datasetID}", "Delete a dataset and its items", "Datasets", 204), s.deleteDataset)
	register(s, api, op("list-dataset-access", http.MethodGet, "/workspaces/{workspaceID}/datasets/{datasetID}/access", "Who may reach a dataset", "Datasets", 200), s.listDatasetAccess)
	register(s, api, op("grant-dataset-access", http.MethodPut, "/workspaces/{workspaceID}/datasets/{datasetID}/access", "Give a user or a group a role on a dataset", "Datasets", 204), s.grantDataset)
	register(s, api, op("revoke-dataset-access", http.MethodDelete, "/workspaces/{workspaceID}/datasets/{datasetID}/access", "Take a user's or a group's role away", "Datasets", 204), s.revokeDataset)
	register(s, api, op("list-items", http.MethodGet, "/workspaces/{workspaceID}/datasets/{datasetID}/items", "A dataset's items, filtered by type and metadata", "Datasets", 200), s.listItems)
	register(s, api, op("upload-item", http.MethodPost, "/workspaces/{workspaceID}/datasets/{datasetID}/items", "Upload a file into a dataset", "Datasets", 201), s.uploadItem)
	// The upload streams its body itself; the document still says what it takes.
	api.OpenAPI().Paths["/api/v1/workspaces/{workspaceID}/datasets/{datasetID}/items"].Post.RequestBody = uploadBody
	register(s, api, op("start-upload", http.MethodPost, "/workspaces/{workspaceID}/datasets/{datasetID}/uploads", "Start a resumable upload of a large file", "Datasets", 201), s.startUpload)
	register(s, api, op("get-upload", http.MethodGet, "/workspaces/{workspaceID}/datasets/{datasetID}/uploads/{uploadID}", "Where a resumable upload stands", "Datasets", 200), s.getUpload)
	register(s, api, op("add-upload-part", http.MethodPut, "/workspaces/{workspaceID}/datasets/{datasetID}/uploads/{uploadID}/parts", "Send the next part of a resumable upload", "Datasets", 200), s.addPart)
	api.OpenAPI().Paths["/api/v1/workspaces/{workspaceID}/datasets/{datasetID}/uploads/{uploadID}/parts"].Put.RequestBody = partBody
	register(s, api, op("complete-upload", http.MethodPost, "/workspaces/{workspaceID}/datasets/{datasetID}/uploads/{uploadID}/complete", "Turn a fully sent upload into an item", "Datasets", 201), s.completeUpload)
	register(s, api, op("abort-upload", http.MethodDelete, "/workspaces/{workspaceID}/datasets/{datasetID}/uploads/{uploadID}", "Drop an unfinished upload", "Datasets", 204), s.abortUpload)
	register(s, api, op("list-imports", http.MethodGet, "/workspaces/{workspaceID}/datasets/{datasetID}/imports", "A dataset's recent imports and their progress", "Datasets", 200), s.listImports)
	register(s, api, op("create-import", http.MethodPost, "/workspaces/{workspaceID}/datasets/{datasetID}/imports", "Register the objects under a prefix of the dataset's bucket", "Datasets", 202), s.createImport)
	register(s, api, op("upload-manifest", http.MethodPost, "/workspaces/{workspaceID}/datasets/{datasetID}/imports/manifest", "Register the objects a JSON Lines manifest names", "Datasets", 202), s.uploadManifest)
	api.OpenAPI().Paths["/api/v1/workspaces/{workspaceID}/datasets/{datasetID}/imports/manifest"].Post.RequestBody = manifestBody
	register(s, api, op("get-import", http.MethodGet, "/workspaces/{workspaceID}/datasets/{datasetID}/imports/{importID}", "One import and its progress", "Datasets", 200), s.getImport)
	register(s, api, op("get-item", http.MethodGet, "/workspaces/{workspaceID}/datasets/{datasetID}/items/{itemID}", "A data item", "Datasets", 200), s.getItem)
	register(s, api, op("update-item", http.MethodPatch, "/workspaces/{workspaceID}/datasets/{datasetID}/items/{itemID}", "Replace a data item's metadata", "Datasets", 200), s.setItemMetadata)
	register(s, api, op("delete-item", http.MethodDelete, "/workspaces/{workspaceID}/datasets/{datasetID}/items/{itemID}", "Remove a data item", "Datasets", 204), s.deleteItem)
	register(s, api, op("get-item-url", http.MethodGet, "/workspaces/{workspaceID}/datasets/{datasetID}/items/{itemID}/url", "A short-lived URL to fetch the item's file", "Datasets", 200), s.itemURL)

	register(s, api, op("remove-group-member", http.MethodDelete, "/workspaces/{workspaceID}/groups/{groupID}/members/{userID}", "Remove a member from a group", "Groups", 204), s.removeGroupMember)

	doc := func(o huma.Operation) huma.Operation { o.MaxBodyBytes = maxDocumentBytes; return o }
	register(s, api, public(op("get-ontology-json-schema", http.MethodGet, "/schemas/ontology", "The JSON Schema of an ontology document", "Ontologies", 200)), s.ontologyJSONSchema)
	register(s, api, op("list-ontologies", http.MethodGet, "/workspaces/{workspaceID}/ontologies", "A workspace's ontologies", "Ontologies", 200), s.listOntologies)
	register(s, api, doc(op("create-ontology", http.MethodPost, "/workspaces/{workspaceID}/ontologies", "Create an ontology (or import one)", "Ontologies", 201)), s.createOntology)
	register(s, api, op("get-ontology", http.MethodGet, "/workspaces/{workspaceID}/ontologies/{ontologyID}", "An ontology and its latest version", "Ontologies", 200), s.getOntology)
	register(s, api, op("update-ontology", http.MethodPatch, "/workspaces/{workspaceID}/ontologies/{ontologyID}", "Rename or describe an ontology", "Ontologies", 200), s.updateOntology)
	register(s, api, op("delete-ontology", http.MethodDelete, "/workspaces/{workspaceID}/ontologies/{ontologyID}", "Delete an ontology no project uses", "Ontologies", 204), s.deleteOntology)
	register(s, api, doc(op("save-ontology-schema", http.MethodPut, "/workspaces/{workspaceID}/ontologies/{ontologyID}/schema", "Save an edit of the document: in place when compatible, as a new version when it could invalidate labels", "Ontologies", 200)), s.saveSchema)
	register(s, api, op("list-ontology-versions", http.MethodGet, "/workspaces/{workspaceID}/ontologies/{ontologyID}/versions", "An ontology's version history", "Ontologies", 200), s.listOntologyVersions)
	register(s, api, op("get-ontology-version", http.MethodGet, "/workspaces/{workspaceID}/ontologies/{ontologyID}/versions/{version}", "One version's document (the export)", "Ontologies", 200), s.getOntologyVersion)

	register(s, api, doc(op("check-label", http.MethodPost, "/workspaces/{workspaceID}/ontologies/{ontologyID}/check-label", "Check a label (a model's pre-labels, say) against a version", "Ontologies", 200)), s.checkLabel)

	register(s, api, op("list-project-tasks", http.MethodGet, "/workspaces/{workspaceID}/projects/{projectID}/tasks", "A project's queue, by filter and sort", "Tasks", 200), s.listQueue)
	register(s, api, op("change-project-tasks", http.MethodPatch, "/workspaces/{workspaceID}/projects/{projectID}/tasks", "Change a selection of tasks: priority, assignment, stage", "Tasks", 200), s.changeTasks)
	register(s, api, op("claim-next-task", http.MethodPost, "/workspaces/{workspaceID}/projects/{projectID}/tasks/next", "Claim my next task: mine already, or the highest priority I may work", "Tasks", 200), s.claimNextTask)
	register(s, api, op("get-task", http.MethodGet, "/workspaces/{workspaceID}/projects/{projectID}/tasks/{taskID}", "A task as the editor shows it", "Tasks", 200), s.getTask)
	register(s, api, doc(op("submit-task", http.MethodPost, "/workspaces/{workspaceID}/projects/{projectID}/tasks/{taskID}/submit", "Submit a label; the task moves on by the workflow", "Tasks", 200)), s.submitTask)
	register(s, api, op("review-task", http.MethodPost, "/workspaces/{workspaceID}/projects/{projectID}/tasks/{taskID}/review", "Approve or reject a task's label", "Tasks", 200), s.reviewTask)
	register(s, api, op("skip-task", http.MethodPost, "/workspaces/{workspaceID}/projects/{projectID}/tasks/{taskID}/skip", "Give a task back with a reason", "Tasks", 200), s.skipTask)
	register(s, api, doc(op("save-task-draft", http.MethodPut, "/workspaces/{workspaceID}/projects/{projectID}/tasks/{taskID}/draft", "Keep the label being made, and renew the claim", "Tasks", 204)), s.saveDraft)

	register(s, api, op("list-audit-entries", http.MethodGet, "/workspaces/{workspaceID}/audit", "The audit log, newest first, by actor, action, target and time", "Audit", 200), s.listAudit)
	register(s, api, op("export-audit", http.MethodGet, "/workspaces/{workspaceID}/audit/export", "The audit log as JSON Lines, in chain order", "Audit", 200), s.exportAudit)
	register(s, api, op("get-audit-anchor", http.MethodGet, "/workspaces/{workspaceID}/audit/anchor", "The hash of a day's last audit entry, to keep elsewhere", "Audit", 200), s.auditAnchor)
	register(s, api, op("verify-audit", http.MethodPost, "/workspaces/{workspaceID}/audit/verify", "Recompute the audit chain and name the first entry altered or removed", "Audit", 200), s.verifyAudit)

	register(s, api, op("list-workflow-templates", http.MethodGet, "/workspaces/{workspaceID}/workflow-templates", "Built-in and saved workflow templates", "Workflows", 200), s.listTemplates)
	register(s, api, doc(op("create-workflow-template", http.MethodPost, "/workspaces/{workspaceID}/workflow-templates", "Save a workflow as a template", "Workflows", 201)), s.createTemplate)
	register(s, api, op("delete-workflow-template", http.MethodDelete, "/workspaces/{workspaceID}/workflow-templates/{templateID}", "Delete a saved template", "Workflows", 204), s.deleteTemplate)
	register(s, api, doc(op("validate-workflow", http.MethodPost, "/workspaces/{workspaceID}/workflows/validate", "Check a workflow graph; a 422 names the stages and edges at fault", "Workflows", 200)), s.validateWorkflow)

	register(s, api, op("list-tags", http.MethodGet, "/workspaces/{workspaceID}/tags", "The workspace's project tags", "Projects", 200), s.listTags)
	register(s, api, op("create-tag", http.MethodPost, "/workspaces/{workspaceID}/tags", "Define a project tag", "Projects", 201), s.createTag)
	register(s, api, op("update-tag", http.MethodPatch, "/workspaces/{workspaceID}/tags/{tagID}", "Rename or recolour a tag", "Projects", 200), s.updateTag)
	register(s, api, op("delete-tag", http.MethodDelete, "/workspaces/{workspaceID}/tags/{tagID}", "Delete a tag", "Projects", 204), s.deleteTag)

	register(s, api, op("list-projects", http.MethodGet, "/workspaces/{workspaceID}/projects", "Projects I work on (admins: all), by status and tag", "Projects", 200), s.listProjects)
	register(s, api, doc(op("create-project", http.MethodPost, "/workspaces/{workspaceID}/projects", "Create a project from datasets, an ontology, a workflow and people; I become its admin", "Projects", 201)), s.createProject)
	register(s, api, op("get-project", http.MethodGet, "/workspaces/{workspaceID}/projects/{projectID}", "A project, its datasets and my role in it", "Projects", 200), s.getProject)
	register(s, api, op("update-project", http.MethodPatch, "/workspaces/{workspaceID}/projects/{projectID}", "Rename, describe or retag a project", "Projects", 200), s.updateProject)
	register(s, api, op("delete-project", http.MethodDelete, "/workspaces/{workspaceID}/projects/{projectID}", "Delete a project and its tasks", "Projects", 204), s.deleteProject)
	register(s, api, op("set-project-status", http.MethodPost, "/workspaces/{workspaceID}/projects/{projectID}/status", "Move a project to another status", "Projects", 200), s.setProjectStatus)
	register(s, api, op("join-project", http.MethodPost, "/workspaces/{workspaceID}/projects/{projectID}/join", "Join a project as its admin (workspace admins, for oversight)", "Projects", 200), s.joinProject)
	register(s, api, op("attach-project-dataset", http.MethodPut, "/workspaces/{workspaceID}/projects/{projectID}/datasets/{datasetID}", "Attach a dataset; its items become tasks", "Projects", 200), s.attachDataset)
	register(s, api, op("detach-project-dataset", http.MethodDelete, "/workspaces/{workspaceID}/projects/{projectID}/datasets/{datasetID}", "Detach a dataset and delete its tasks", "Projects", 204), s.detachDataset)
	register(s, api, op("list-project-collaborators", http.MethodGet, "/workspaces/{workspaceID}/projects/{projectID}/collaborators", "Who works on a project", "Projects", 200), s.listCollaborators)
	register(s, api, op("set-project-collaborator", http.MethodPut, "/workspaces/{workspaceID}/projects/{projectID}/collaborators", "Give a member, a user by email, or a group a project role", "Projects", 204), s.setCollaborator)
	register(s, api, op("remove-project-collaborator", http.MethodDelete, "/workspaces/{workspaceID}/projects/{projectID}/collaborators", "Take a member or a group off a project", "Projects", 204), s.removeCollaborator)
	register(s, api, op("get-project-stages", http.MethodGet, "/workspaces/{workspaceID}/projects/{projectID}/stages", "How many tasks wait in each stage, by status", "Projects", 200), s.stageCounts)
	register(s, api, doc(op("change-project-workflow", http.MethodPut, "/workspaces/{workspaceID}/projects/{projectID}/workflow", "Replace a live project's workflow, moving waiting tasks by a mapping (dry_run first)", "Projects", 200)), s.changeWorkflow)
	register(s, api, op("move-project-ontology", http.MethodPut, "/workspaces/{workspaceID}/projects/{projectID}/ontology-version", "Pin a project to another version of its ontology (dry_run first)", "Projects", 200), s.moveOntology)

	s.ssoRoutes(api) // sso.go: single sign-on's configuration and its browser endpoints
}
