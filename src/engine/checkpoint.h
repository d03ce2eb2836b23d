#pragma once
// A training checkpoint: everything needed to continue a run so that it ends bit for bit where an
// uninterrupted run would (tested): the experiment, the step, the parameters, both random streams,
// the batch sampler's position, the method's state and the training mode's state (optimizer
// moments, affinities, SAM's second aggregator).
//
// File layout (little-endian, as written by this machine): "MTWCKPT1", then records
//   u8 kind (1 text, 2 vector of f64), u32 key length, key, u64 count, payload
// and a final u8 0 with the FNV-1a hash of everything before it, so a truncated or corrupted file
// is refused with a clear message. Written to "<path>.tmp" and renamed over <path>: a crash or a
// full disk mid-write leaves the previous checkpoint intact.
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace mtw::engine {

class CheckpointError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Checkpoint {
    std::map<std::string, std::string> texts;
    std::map<std::string, std::vector<double>> vectors;

    void write(const std::string& path) const; // throws CheckpointError
    static Checkpoint read(const std::string& path); // throws CheckpointError naming the file

    const std::string& text(const std::string& key) const;
    const std::vector<double>& vector(const std::string& key) const;
};

// Where a run directory keeps its checkpoint (CLI and GUI runs alike).
std::string checkpointPathIn(const std::string& runDirectory);

} // namespace mtw::engine
