"""Training corpora: recipes of sources, filters, deduplication and decontamination, built into
Hugging Face datasets (`hpccoder corpus build --recipe corpora/NAME.yaml --out DIR`)."""
