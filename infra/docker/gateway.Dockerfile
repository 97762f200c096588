# Mosaic HTTP gateway image: the OpenAI-compatible API and native job endpoints (src/Mosaic.Gateway), an Orleans
# client of the silos. No GPU, no TorchSharp: it never runs a model.
#
# Build from the repository root (the projects, Directory.*.props and infra/sql/ are needed):
#
#   docker build -f infra/docker/gateway.Dockerfile -t mosaic-gateway:latest .
#
# Run beside silos on PostgreSQL (the values the silos use; docs/deploy.md):
#
#   docker run --rm -p 8080:8080 -e Mosaic__Storage__Provider=postgres -e Mosaic__Storage__ConnectionString=... \
#       -e Silo__ClusterId=mosaic -e Silo__ServiceId=mosaic -e Mosaic__Gateway__ApiKeys__0=... mosaic-gateway:latest
#
# BuildKit reads gateway.Dockerfile.dockerignore beside this file (an allow-list: no bin/, obj/, .git or tests/).

ARG DOTNET_VERSION=10.0

# The project files alone, so that `dotnet restore` stays cached until one of them changes.
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS projects
WORKDIR /src
COPY src/ src/
RUN find src -type f ! -name '*.csproj' ! -name 'Directory.*' ! -iname 'nuget.config' -delete \
    && find src -depth -type d -empty -delete

# The sources without host build output (a host obj/project.assets.json would replace the restore below).
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS sources
WORKDIR /src
COPY src/ src/
RUN find src -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY --from=projects /src/src/ src/
RUN dotnet restore src/Mosaic.Gateway/Mosaic.Gateway.csproj -r linux-x64
# Mosaic.Storage embeds infra/sql/**/*.sql: the gateway keeps files and batch records in the job store.
COPY infra/sql/ infra/sql/
COPY --from=sources /src/src/ src/
RUN dotnet publish src/Mosaic.Gateway/Mosaic.Gateway.csproj \
        -c Release -r linux-x64 --self-contained false --no-restore -p:UseAppHost=false \
        -o /app

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS final
WORKDIR /app
COPY --from=build /app ./
# APP_UID (1654, user "app") comes from the .NET base image; numeric so that runAsNonRoot can verify it.
USER ${APP_UID}
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "Mosaic.Gateway.dll"]
