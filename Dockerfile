# The glossary's image, built from source: `docker build -t glossary .` (docker-compose.yml builds it).
# BuildKit's built-in Dockerfile frontend builds it (the cache mounts below need BuildKit, the default
# builder since Engine 23; on an older engine set DOCKER_BUILDKIT=1). No `# syntax=` line: that would
# make BuildKit pull a frontend image from the registry first, which offline machines cannot.
#
# Stage 1 packages the jar (Quarkus' aot-jar layout: application.properties says why) with the
# committed Maven wrapper on Java 17, the level the build is made and tested at. Tests are skipped:
# they need PostgreSQL, which an image build cannot reach; `./mvnw verify` runs them.
# Stage 2 runs the jar on a Temurin 25 JRE with an AOT cache (JEP 483/514), made in that stage.
#
# The AOT cache holds the classes the JVM loaded and linked during a training run (not JEP 515's
# method profiles: aot-training.sh says why); it is valid only for the JVM build, the class path and
# compatible flags it was made with. So it is made in the final image itself by starting the jar
# once (aot-training.sh), not in the build stage (other JDK) and not by Quarkus'
# quarkus.package.jar.aot.enabled (which needs the Maven build itself to run on JDK 25; ours stays on
# Java 17).
#
# The training run has no database either: it starts the service with migration and schema
# validation off and the JDBC URL pointing at a closed port. Quarkus still boots completely and the
# HTTP path answers (503), so the cache holds what start-up loads, the part that makes start-up fast.
# It lacks the JDBC/Hibernate query path that a run against a loaded database gives
# (bench/tools/aot-cache.sh); bench/README.md has both start-up figures.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
# What Maven resolves depends only on these files, so the resolving layer is reused until one of them
# changes. ~/.m2 (the wrapper's Maven and the repository) is a BuildKit cache kept between builds, so
# a changed pom downloads only what is new.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
# resolve-plugins: the Maven plugins the build runs; quarkus:go-offline: the application's artifacts
# and the Quarkus build-time (deployment) ones. The package step below then needs no download.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp dependency:resolve-plugins quarkus:go-offline
# The main sources only: editing a test or a script under src/main/docker does not rebuild the jar.
COPY src/main/java/ src/main/java/
COPY src/main/resources/ src/main/resources/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp package -DskipTests

FROM eclipse-temurin:25-jre

RUN useradd --system --uid 185 --home-dir /deployments glossary
WORKDIR /deployments
# The training run (as the service's user) writes app.aot here.
RUN chown 185 /deployments
# Dependencies first: the layer that changes least.
COPY --from=build --chown=185 /build/target/quarkus-app/lib/ lib/
COPY --from=build --chown=185 /build/target/quarkus-app/*.jar ./
COPY --from=build --chown=185 /build/target/quarkus-app/app/ app/
COPY --from=build --chown=185 /build/target/quarkus-app/quarkus/ quarkus/
COPY --chown=185 src/main/docker/aot-training.sh src/main/docker/http-status.sh ./

# Sized for the 256 MB memory budget; bench/README.md says what each flag buys (and bench/tools/lib.sh
# runs the benches with these flags, read from here). The training run and
# the ENTRYPOINT use the same flags: a cache made with another GC is refused. Overriding JAVA_OPTS
# with other GC/heap flags still starts, without the cache (AOTMode=auto), only slower. The Tier4
# thresholds (10x the defaults) keep C2 off code that only start-up runs (issue 25); SweeperThreshold
# spares start-up the full GCs a 32 MB code cache would trigger every ~5 MB of new code. The heap holds
# the term cache: its bound (12M, the code's default is 24M) goes with -Xmx64m -Xmn12m; raise both together.
ENV GLOSSARY_TERM_CACHE_MAX_MEMORY=12M
ENV JAVA_OPTS="-Xmx64m -Xmn12m -Xss512k -XX:ReservedCodeCacheSize=32m -XX:SweeperThreshold=50 -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000 -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000 -Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1 -Dquarkus.http.host=0.0.0.0"
# glibc's per-thread malloc arenas would otherwise keep native memory the JVM has freed.
ENV MALLOC_ARENA_MAX=2

USER 185
RUN /bin/bash /deployments/aot-training.sh

EXPOSE 8080
# Healthy = ready: readiness includes the database and turns DOWN first on SIGTERM. The JRE image has
# no curl or wget; http-status.sh speaks HTTP over bash's /dev/tcp. A cold start takes 10-30 s on a
# small machine; failures within the start period do not count.
HEALTHCHECK --interval=5s --timeout=3s --start-period=120s --retries=3 \
    CMD ["/bin/bash", "/deployments/http-status.sh", "/q/health/ready"]
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -XX:AOTCache=/deployments/app.aot -jar /deployments/quarkus-run.jar"]
