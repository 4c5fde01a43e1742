#!/usr/bin/env bash
# Builds one service's image from the sources and pushes it to ECR as <registry>/<stage>-<service>:<tag>,
# unless that tag is already there (tags are immutable: a tag is a commit, so a re-run for the same
# commit has nothing to do). Used by buildspec.yml; runs the same on a laptop with Docker and AWS
# credentials:
#   docker/build-and-push.sh msk-producer 123456789012.dkr.ecr.eu-west-1.amazonaws.com dev "$(git rev-parse --short=12 HEAD)" linux/amd64
set -euo pipefail

service="$1" registry="$2" stage="$3" tag="$4" platform="${5:-linux/amd64}"
repository="${stage}-${service}"
image="${registry}/${repository}:${tag}"

case "$service" in
  msk-producer) port=8082 health=/msk-producer-healthCheck ;;
  msk-consumer) port=8081 health=/actuator/health ;;
  *) echo "unknown service: $service (msk-producer or msk-consumer)" >&2; exit 2 ;;
esac

if aws ecr describe-images --repository-name "$repository" --image-ids imageTag="$tag" > /dev/null 2>&1; then
  echo "$image is already in ECR: nothing to build"
  exit 0
fi

cd "$(dirname "$0")/.."
docker build -f docker/Dockerfile --platform "$platform" \
  --build-arg SERVICE="$service" --build-arg PORT="$port" --build-arg HEALTH_PATH="$health" \
  -t "$image" .
docker push "$image"
