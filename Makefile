# The two commands of the README: `make run` starts Loupe; `make test` installs what the tests need
# and runs them all.
.PHONY: run build test web openapi clean

GO_SOURCES := $(shell find cmd internal -name '*.go' -not -name '*_test.go') $(shell find internal/store/migrations -name '*.sql')
WEB_SOURCES := $(shell find web/src web/index.html web/public -type f 2>/dev/null) web/package.json web/package-lock.json web/vite.config.ts
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

run: bin/loupe
	./bin/loupe serve

build: bin/loupe

bin/loupe: internal/webui/dist/index.html $(GO_SOURCES) go.mod go.sum
	go build -ldflags "-X main.version=$(VERSION)" -o bin/loupe ./cmd/loupe

# The web app is rebuilt only when its sources change.
internal/webui/dist/index.html: $(WEB_SOURCES)
	cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build
	touch internal/webui/dist/.gitkeep

web: internal/webui/dist/index.html

test:
	./scripts/test.sh

# Regenerates the OpenAPI document the web app's client types come from.
openapi:
	go run ./cmd/loupe openapi > web/src/api/openapi.json.tmp && mv web/src/api/openapi.json.tmp web/src/api/openapi.json

clean:
	rm -rf bin internal/webui/dist/assets internal/webui/dist/index.html
