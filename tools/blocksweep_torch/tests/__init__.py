"""pytest for the torch-free modules (tools/test.sh's pytest phase): none of them needs torch."""
