import BlocksweepTestSupport
import Testing

/// Every test against the real local Slurm (`tools/slurm-local start --gpus 2`), one at a time:
/// its one node has 2 CPUs and 2 fake GPUs, one test takes the node down (NODE_FAIL), and others
/// count submissions or need both CPUs at once, so two suites side by side would disturb each
/// other. Where no Slurm answers they are skipped, but under CI=true they run and fail.
@Suite(.serialized, .enabled(if: LocalSlurm.shouldTest), .tags(.slurm), .leftOutOfTheQuickLoop) enum RealSlurm {}
