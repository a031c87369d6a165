# Shared by the function Makefiles (src/<Function>/Makefile sets FUNCTION and includes this).
# `sam build` (Metadata BuildMethod: makefile) runs `make build-<Function>Function` with
# ARTIFACTS_DIR set; by hand: make -C src/<Function> build-<Function>Function ARTIFACTS_DIR=<absolute dir>.
# The native binary links against the build machine's glibc and must not need one newer than
# Amazon Linux 2023's 2.34: build on AL2023 (or older) or with `sam build --use-container`.
# See docs/deploy.md.

PROJECT := $(FUNCTION).csproj

# SAM does not tell make the function's architecture; the build host's (or the build
# container's, with --use-container) is used unless RID is given (linux-x64 or linux-arm64).
ARCH ?= $(shell uname -m)
RID_x86_64 := linux-x64
RID_amd64 := linux-x64
RID_aarch64 := linux-arm64
RID_arm64 := linux-arm64
RID ?= $(RID_$(ARCH))

PUBLISH_DIR := bin/sam-publish/$(RID)

# 2000-01-01T00:00:00Z: late enough that a zip's local-time timestamp is after 1980 in every time zone.
ARTIFACT_TIME := 946684800

.PHONY: build-$(FUNCTION)Function
build-$(FUNCTION)Function:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it; by hand pass ARTIFACTS_DIR=<absolute dir>)" >&2; exit 2; }
	@test -n "$(RID)" || { echo "unsupported architecture '$(ARCH)': pass RID=linux-x64 or RID=linux-arm64" >&2; exit 2; }
	dotnet publish $(PROJECT) --nologo -c Release -r $(RID) -o $(PUBLISH_DIR)
	mkdir -p "$(ARTIFACTS_DIR)"
	cp $(PUBLISH_DIR)/bootstrap "$(ARTIFACTS_DIR)/bootstrap"
	# A fixed modification time: the zip that packaging makes of this folder records it, so the same
	# bootstrap always zips to the same bytes and the same S3 key (nothing re-uploaded or redeployed).
	touch -d @$(ARTIFACT_TIME) "$(ARTIFACTS_DIR)/bootstrap"
