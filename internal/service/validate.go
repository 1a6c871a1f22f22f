package service

import (
	"net/mail"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/loupehq/loupe/internal/loupe"
)

const maxNameLength = 100

// normalizeEmail trims and lower-cases an address and checks that it is a bare address.
func normalizeEmail(v *loupe.Validation, field, email string) string {
	e := strings.ToLower(strings.TrimSpace(email))
	switch addr, err := mail.ParseAddress(e); {
	case e == "":
		v.Add(field, "is required")
	case len(e) > 254:
		v.Add(field, "must be at most 254 characters")
	case err != nil || addr.Address != e || !strings.Contains(e[strings.LastIndexByte(e, '@')+1:], "."):
		v.Add(field, "is not a valid email address")
	}
	return e
}

// emailDomain returns the part of a normalized address after the @.
func emailDomain(email string) string { return email[strings.LastIndexByte(email, '@')+1:] }

// cleanName trims a display name and checks its length.
func cleanName(v *loupe.Validation, field, name string) string {
	n := strings.TrimSpace(name)
	switch {
	case n == "":
		v.Add(field, "is required")
	case utf8.RuneCountInString(n) > maxNameLength:
		v.Add(field, "must be at most %d characters", maxNameLength)
	case strings.ContainsFunc(n, func(r rune) bool { return r < ' ' || r == 0x7f }):
		v.Add(field, "must not contain control characters")
	}
	return n
}

// cleanDomains normalizes claimed email domains: lower case, no duplicates, each a valid host name.
func cleanDomains(v *loupe.Validation, field string, domains []string) []string {
	out := make([]string, 0, len(domains))
	seen := map[string]bool{}
	for i, d := range domains {
		d = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(d), "@")))
		f := field + "[" + strconv.Itoa(i) + "]"
		switch {
		case !validDomain(d):
			v.Add(f, "%q is not a domain name such as example.com", d)
		case seen[d]:
			v.Add(f, "%s is listed twice", d)
		}
		seen[d] = true
		out = append(out, d)
	}
	return out
}

func validDomain(d string) bool {
	if len(d) == 0 || len(d) > 253 || !strings.Contains(d, ".") {
		return false
	}
	for _, label := range strings.Split(d, ".") {
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

func checkRole(v *loupe.Validation, field string, r loupe.Role) {
	if !r.Valid() {
		v.Add(field, "must be one of admin, workforce_manager, member, tasker")
	}
}

func checkUserType(v *loupe.Validation, field string, t loupe.UserType) {
	if !t.Valid() {
		v.Add(field, "must be one of internal, workforce, external")
	}
}

// checkAdminInternal keeps the rule that only internal users may be admins.
func checkAdminInternal(v *loupe.Validation, r loupe.Role, t loupe.UserType) {
	if r == loupe.RoleAdmin && t.Valid() && t != loupe.UserInternal {
		v.Add("role", "only internal users may be admins")
	}
}
