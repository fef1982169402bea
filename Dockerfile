FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY api ./api
COPY loaders ./loaders
RUN pip install --no-cache-dir .
ENV QUARTIERNETZ_DB=/data/quartiernetz.db
CMD ["quartiernetz", "stats"]
