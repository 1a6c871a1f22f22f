package api

import (
	"context"
	"encoding/base64"

	"github.com/danielgtaylor/huma/v2"

	"github.com/loupehq/loupe/internal/loupe"
)

// PageQuery is the cursor and limit every list takes.
type PageQuery struct {
	Cursor string `query:"cursor" doc:"Opaque cursor from the next_cursor of the previous page."`
	Limit  int    `query:"limit" minimum:"1" maximum:"500" default:"50" doc:"How many items a page holds."`
}

func (q PageQuery) page() (loupe.Page, error) {
	p := loupe.Page{Limit: q.Limit}
	if q.Cursor == "" {
		return p, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(q.Cursor)
	if err == nil {
		p.After, err = loupe.ParseID(string(raw))
	}
	if err != nil {
		return p, huma.Error422UnprocessableEntity("cursor: is not a cursor this API returned",
			&huma.ErrorDetail{Location: "query.cursor", Message: "is not a cursor this API returned", Value: q.Cursor})
	}
	return p, nil
}

func cursor(next *loupe.ID) *string {
	if next == nil {
		return nil
	}
	c := base64.RawURLEncoding.EncodeToString([]byte(next.String()))
	return &c
}

// List is one page of items and the cursor of the next page, null on the last.
type List[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// workspaceList serves a list operation scoped to one workspace: it reads the path and the page,
// asks fetch, and converts what comes back.
func workspaceList[T, D any](ctx context.Context, ws WorkspacePath, q PageQuery,
	fetch func(context.Context, loupe.ID, loupe.Page) ([]D, *loupe.ID, error), conv func(D) T) (List[T], error) {
	id, err := ws.workspace()
	if err != nil {
		return List[T]{}, err
	}
	p, err := q.page()
	if err != nil {
		return List[T]{}, err
	}
	items, next, err := fetch(ctx, id, p)
	if err != nil {
		return List[T]{}, err
	}
	return list(items, next, conv), nil
}

func list[T, D any](items []D, next *loupe.ID, conv func(D) T) List[T] {
	out := List[T]{Items: make([]T, 0, len(items)), NextCursor: cursor(next)}
	for _, it := range items {
		out.Items = append(out.Items, conv(it))
	}
	return out
}
