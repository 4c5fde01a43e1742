#!/usr/bin/env bash
# Synthesizes the CDK app from this checkout in two shapes (the defaults; queue mode behind HTTPS
# with an OIDC sign-in and alarms mailed through an encrypted SNS topic) with docs/deploy.md's command, and runs cfn-lint
# (see .cfnlintrc.yaml) over every template. Needs Node.js, a JDK and cfn-lint. CI runs it as part
# of the build: CHECK_TEMPLATES=true ./mvnw verify (the template-checks profile of infra/pom.xml).
set -euo pipefail
cd "$(dirname "$0")"
# The synths build the app with Maven: without the build's own template-checks profile.
unset CHECK_TEMPLATES

tag="$(git rev-parse --short=12 HEAD)"
# Installed already when the build's own npm ci ran (CHECK_TEMPLATES=true ./mvnw verify).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# The two shapes one after the other: each synth builds the app with Maven (cdk.json), and two
# builds at once write the same target folders (a CI run failed reading a checkstyle file the
# other build was writing).
npx cdk synth --quiet -c imageTag="$tag" -c region=eu-west-1
npx cdk synth --quiet --output cdk.out.queue -c imageTag="$tag" -c region=eu-west-1 \
  -c consumerMode=queue -c allowedCidrs=203.0.113.0/24 \
  -c certificateArn=arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000 \
  -c signIn=oidc -c oidcIssuer=https://idp.example.com -c oidcAuthorizationEndpoint=https://idp.example.com/authorize \
  -c oidcTokenEndpoint=https://idp.example.com/token -c oidcUserInfoEndpoint=https://idp.example.com/userinfo \
  -c oidcClientId=msk-producer -c oidcClientSecretName=msk-producer/oidc -c alarmEmail=ops@example.com

cfn-lint --version
cfn-lint
cfn-lint cdk.out.queue/*.template.json
echo "cfn-lint: no error in $(ls cdk.out/*.template.json cdk.out.queue/*.template.json | wc -l) templates"
