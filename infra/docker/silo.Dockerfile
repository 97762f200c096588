# Mosaic silo image: one Orleans silo per GPU (docs/deploy.md).
#
# Build from the repository root (the build context must be the root: the projects, Directory.*.props and
# infra/sql/ are all needed):
#
#   docker build -f infra/docker/silo.Dockerfile -t mosaic-silo:cpu .
#   docker build -f infra/docker/silo.Dockerfile --build-arg TORCH_BACKEND=cuda -t mosaic-silo:cuda .
#
# TORCH_BACKEND picks both the libtorch build and the final base image:
#   cpu  (default) - TorchSharp + libtorch-cpu-linux-x64 on mcr.microsoft.com/dotnet/aspnet:10.0 (Ubuntu 24.04).
#                    Enough for the emulated backend and for CPU inference.
#   cuda           - passes -p:TorchBackend=cuda (TorchSharp-cuda-linux -> libtorch-cuda-12.8-linux-x64, several
#                    GB of NuGet fragments) and runs on the NVIDIA CUDA runtime image (CUDA_IMAGE below), whose
#                    NVIDIA_* variables make the NVIDIA container runtime inject the host driver (R570+ for CUDA 12.8).
#                    The CUDA packages must be reachable from the build (nuget.org or a mirror carrying them).
#
# Ignore rules: BuildKit (the default builder since Docker 23) reads silo.Dockerfile.dockerignore beside this file,
# which keeps bin/, obj/, .git/ and tests/ out of the context. The legacy builder reads only <context>/.dockerignore;
# the image is still correct without it (host bin/ and obj/ are stripped below), just slower to send.

ARG DOTNET_VERSION=10.0
ARG TORCH_BACKEND=cpu
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-runtime-ubuntu24.04

# ---------------------------------------------------------------------------------------------------------------
# The project files alone (plus any Directory.* / NuGet.config below src/), so that `dotnet restore` stays cached
# until one of them changes.
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS projects
WORKDIR /src
COPY src/ src/
RUN find src -type f ! -name '*.csproj' ! -name 'Directory.*' ! -iname 'nuget.config' -delete \
    && find src -depth -type d -empty -delete

# The sources without any host build output (obj/project.assets.json from the host would replace the restore below).
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS sources
WORKDIR /src
COPY src/ src/
RUN find src -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +

# ---------------------------------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG TORCH_BACKEND
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
WORKDIR /src

# Central package management: every version lives in Directory.Packages.props, so it must be present for restore.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY --from=projects /src/src/ src/
RUN case "${TORCH_BACKEND}" in cpu|cuda) ;; *) echo "TORCH_BACKEND must be cpu or cuda, got '${TORCH_BACKEND}'" >&2; exit 1 ;; esac \
    && dotnet restore src/Mosaic.Silo/Mosaic.Silo.csproj -r linux-x64 -p:TorchBackend=${TORCH_BACKEND}

# Mosaic.Storage embeds infra/sql/**/*.sql (../../infra/sql from its project folder).
COPY infra/sql/ infra/sql/
COPY --from=sources /src/src/ src/
RUN dotnet publish src/Mosaic.Silo/Mosaic.Silo.csproj \
        -c Release -r linux-x64 --self-contained false --no-restore \
        -p:TorchBackend=${TORCH_BACKEND} -p:UseAppHost=false \
        -o /app

# ---------------------------------------------------------------------------------------------------------------
# CPU runtime: Ubuntu 24.04 with the ASP.NET Core runtime (the silo serves its admin port: /healthz, /readyz,
# /metrics, the dashboard); its libstdc++ (GCC 14) already provides GLIBCXX_3.4.32, so
# TorchSharp's native library loads without the patch Mosaic.Inference applies on older distributions.
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime-cpu
WORKDIR /app
COPY --from=build /app ./
# The shipped settings keep SQLite storage and clustering in ./data: the image's user must be able to write it.
RUN mkdir -p /app/data && chown ${APP_UID} /app/data
# APP_UID (1654, user "app") comes from the .NET base image; numeric so that runAsNonRoot can verify it.
USER ${APP_UID}
# 11111 silo, 30000 Orleans gateway, 8081 admin HTTP (Silo:AdminPort).
EXPOSE 11111 30000 8081
ENTRYPOINT ["dotnet", "Mosaic.Silo.dll"]

# ---------------------------------------------------------------------------------------------------------------
# CUDA runtime: NVIDIA's CUDA 12.8 runtime image (Ubuntu 24.04) plus the .NET and ASP.NET Core runtimes copied from
# Microsoft's image.
# libtorch-cuda bundles its own CUDA runtime and cuDNN; the base image supplies the NVIDIA_VISIBLE_DEVICES /
# NVIDIA_DRIVER_CAPABILITIES contract with the NVIDIA container runtime, which mounts the host driver (libcuda).
# A smaller base that keeps that contract: --build-arg CUDA_IMAGE=nvidia/cuda:12.8.1-base-ubuntu24.04.
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS dotnet-runtime

FROM ${CUDA_IMAGE} AS runtime-cuda
ENV APP_UID=1654 \
    DOTNET_ROOT=/usr/share/dotnet \
    DOTNET_RUNNING_IN_CONTAINER=true \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
# The .NET runtime's own dependencies on Ubuntu 24.04 (no ICU: the projects use invariant globalization).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        ca-certificates libc6 libgcc-s1 libssl3t64 libstdc++6 tzdata zlib1g \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid ${APP_UID} app \
    && useradd --no-log-init --uid ${APP_UID} --gid ${APP_UID} --create-home --shell /usr/sbin/nologin app
COPY --from=dotnet-runtime /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /app/data && chown ${APP_UID} /app/data
USER ${APP_UID}
# 11111 silo, 30000 Orleans gateway, 8081 admin HTTP (Silo:AdminPort).
EXPOSE 11111 30000 8081
ENTRYPOINT ["dotnet", "Mosaic.Silo.dll"]

# ---------------------------------------------------------------------------------------------------------------
# The image `docker build` produces without --target: the runtime that matches TORCH_BACKEND.
FROM runtime-${TORCH_BACKEND} AS final
