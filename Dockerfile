# syntax=docker/dockerfile:1
#
# Jade's container image. Two stages:
#   build   - Eclipse Temurin JDK 17 runs exactly the README's build command (./mvnw package, tests skipped)
#   runtime - Eclipse Temurin JRE 17, non-root user, only the fat jar plus curl for the HEALTHCHECK
#
#   docker build -t jade .
#   docker run -p 4000:4000 -e DB_URL=… -e DATACOVES_DB_URL=… jade              # = jade serve
#   docker run --rm -e DB_URL=… -e DATACOVES_DB_URL=… jade tokens create --account 1
# See docs/operations.md.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml openapi.properties ./
COPY db/ db/
COPY openapi/ openapi/
COPY src/main/ src/main/
# The README's build command (docs/operations.md reviews it). -DskipTests also skips the npm install of Azurite.
# Maven's local repository is a BuildKit cache mount: reused between builds, never part of an image layer.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests \
 && test -s target/jade.jar

FROM eclipse-temurin:17-jre AS runtime
# curl only for the HEALTHCHECK (and operators' debugging); nothing else is added to the base image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 jade \
 && useradd --system --uid 10001 --gid jade --home-dir /var/lib/jade --create-home --shell /usr/sbin/nologin jade
COPY --from=build /src/target/jade.jar /app/jade.jar
# The working directory is the only writable place the image needs: local storage (./.jade/storage by default) and
# `jade demo`'s files live under it. Temporary upload spools go to /tmp.
WORKDIR /var/lib/jade
USER 10001:10001
ENV PORT=4000 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 4000
# /api/v2/healthcheck answers 200 "ok" while the process serves HTTP (no authentication, no database access).
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT:-4000}/api/v2/healthcheck" || exit 1
# Exec form: java is PID 1 and receives SIGTERM itself (graceful shutdown, see docs/operations.md).
ENTRYPOINT ["java", "-jar", "/app/jade.jar"]
CMD ["serve"]
