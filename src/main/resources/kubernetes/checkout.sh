#!/bin/sh
# Init container of a plan run: clones REPOSITORY into WORKSPACE on the plan's branch PLAN_BRANCH,
# created from MAIN_BRANCH when the repository lacks it, and points the checkout's
# .claude-context/current-plan.txt at PLAN_PATH (the orchestrator runs the plan that file names).
# Credentials, when the Secret has them, reach git through a credential helper in $HOME (outside the
# checkout), so they are never written into the repository's own configuration.
set -eu
: "${REPOSITORY:?}" "${WORKSPACE:?}" "${PLAN_BRANCH:?}" "${MAIN_BRANCH:?}" "${PLAN_PATH:?}"
if [ -n "${GIT_TOKEN:-}" ]; then
  git config --global credential.helper \
    '!f() { echo "username=${GIT_USERNAME:-git}"; echo "password=${GIT_TOKEN}"; }; f'
fi
if [ ! -d "$WORKSPACE/.git" ]; then
  git clone --quiet --no-checkout "$REPOSITORY" "$WORKSPACE"
fi
cd "$WORKSPACE"
if git rev-parse --verify --quiet "refs/remotes/origin/$PLAN_BRANCH" >/dev/null; then
  git checkout --quiet -B "$PLAN_BRANCH" "origin/$PLAN_BRANCH"
else
  git checkout --quiet -B "$PLAN_BRANCH" "origin/$MAIN_BRANCH"
fi
mkdir -p .claude-context
printf '%s\n' "$PLAN_PATH" > .claude-context/current-plan.txt
echo "checked out $PLAN_BRANCH at $(git rev-parse --short HEAD)"
