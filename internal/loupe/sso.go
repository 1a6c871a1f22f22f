package loupe

import "time"

// SSOProtocol names a single sign-on protocol.
type SSOProtocol string

const (
	SSOOIDC SSOProtocol = "oidc"
	SSOSAML SSOProtocol = "saml"
)

func (p SSOProtocol) Valid() bool { return p == SSOOIDC || p == SSOSAML }

// SSOConnection is a workspace's identity provider for one protocol. People it signs in for the
// first time become members with Role and Type; it never makes anyone an admin.
type SSOConnection struct {
	WorkspaceID ID
	Protocol    SSOProtocol
	Enabled     bool
	// Domains are the email domains it accepts; a sign-in with any other address is refused.
	Domains []string
	Role    Role
	Type    UserType

	// OpenID Connect: where the provider's discovery document is, and Loupe's client there. The
	// secret is sealed under the workspace's key version KeyVersion.
	DiscoveryURL string
	ClientID     string
	SealedSecret []byte
	KeyVersion   int

	// SAML: the identity provider's metadata, fetched from MetadataURL or pasted; MetadataXML
	// holds it either way.
	MetadataURL string
	MetadataXML string

	CreatedAt time.Time
	UpdatedAt time.Time
}

// SSOFlow is a sign-in between Loupe sending the browser to the provider and the provider's answer.
type SSOFlow struct {
	ID          ID
	WorkspaceID ID
	Protocol    SSOProtocol
	// StateHash is the hash of the state (OIDC) or relay state (SAML) that comes back with the answer.
	StateHash string
	// BindingHash is the hash of the cookie that ties the flow to the browser that started it.
	BindingHash string
	// Nonce and CodeVerifier (PKCE) belong to OIDC, RequestID (the AuthnRequest's ID) to SAML.
	Nonce        string
	CodeVerifier string
	RequestID    string
	// ReturnTo is the path of Loupe the browser goes to once signed in.
	ReturnTo string
	// Identity is, for a SAML answer waiting for the browser's next request, what the verified
	// assertion said, as JSON; empty before the provider answered.
	Identity  string
	CreatedAt time.Time
	ExpiresAt time.Time
}
