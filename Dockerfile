# syntax=docker/dockerfile:1
#
# One image recipe for every service of the suite. MODULE picks the Maven module, which is also the
# service's name everywhere (spring.application.name, compose service, Kubernetes Deployment):
#
#   docker build --build-arg MODULE=order-service --build-arg PORT=8083 -t seckill/order-service:0.1.0 .
#
# docker-compose.yml builds all six this way. The image holds no configuration and no secrets:
# everything comes from environment variables at run time (see k8s/README.md).

ARG MAVEN_IMAGE=maven:3.9.11-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17.0.19_10-jre-noble

# ---- build: the module and the suite modules it depends on (-am), tests skipped ----
FROM ${MAVEN_IMAGE} AS build
ARG MODULE
RUN test -n "${MODULE}" || { echo "build with --build-arg MODULE=<service module>, e.g. order-service" >&2; exit 1; }
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds; "locked" because compose builds the six images in parallel.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    mvn -B -ntp -pl "${MODULE}" -am -DskipTests package \
 && cp "${MODULE}/target/${MODULE}"-*-exec.jar /tmp/app.jar
# Spring Boot's layered extraction: dependencies change rarely, the application on every commit, so
# each goes into its own image layer. The result runs as "java -jar app.jar" with lib/ beside it.
WORKDIR /extract
RUN java -Djarmode=tools -jar /tmp/app.jar extract --layers --destination layers \
 && mkdir -p layers/dependencies layers/spring-boot-loader layers/snapshot-dependencies layers/application

# ---- runtime: JRE only, non-root ----
FROM ${RUNTIME_IMAGE}
ARG MODULE
ARG PORT=8080
LABEL org.opencontainers.image.title="${MODULE}" \
      org.opencontainers.image.description="seckill flash-sale suite: ${MODULE}"
# A fixed numeric uid, so Kubernetes' runAsNonRoot can check it. The home directory exists because
# the RocketMQ client writes its own log file under ${user.home}/logs unless told otherwise.
RUN groupadd --gid 10001 seckill \
 && useradd --uid 10001 --gid 10001 --create-home --home-dir /home/seckill --shell /usr/sbin/nologin seckill
WORKDIR /app
COPY --from=build /extract/layers/dependencies/ ./
COPY --from=build /extract/layers/spring-boot-loader/ ./
COPY --from=build /extract/layers/snapshot-dependencies/ ./
COPY --from=build /extract/layers/application/ ./
# Heap as a share of the container's memory limit, not of the host's memory; a JVM out of memory
# exits so the orchestrator restarts it. Deployments may replace the whole variable.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
EXPOSE ${PORT}
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
