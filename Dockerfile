# Quartiernetz as a service (docker compose up runs it against Neo4j).
# Stage 1 builds the wheel, compiling the C analysis kernel (needs a compiler);
# stage 2 runs on a slim image without one, holding only the built package.
FROM python:3.11 AS build
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY graph ./graph
COPY api ./api
COPY loaders ./loaders
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
# WeasyPrint (the Quartierbericht as PDF) needs Pango and a font
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
        fonts-liberation && rm -rf /var/lib/apt/lists/*
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
WORKDIR /app
ENV QUARTIERNETZ_DB=/data/quartiernetz.db
# prints "quartiernetz X (kernel c)": the compiled kernel came with the wheel
RUN quartiernetz --version && quartiernetz --version | grep -q "(kernel c)"
CMD ["quartiernetz", "stats"]
