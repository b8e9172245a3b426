import BlockBench
