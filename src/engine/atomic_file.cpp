#include "engine/atomic_file.h"

#include <cstdio>
#include <fstream>

namespace mtw::engine {

std::optional<std::string> writeFileAtomically(const std::string& path, const std::string& bytes)
{
    const std::string temporary = path + ".tmp";
    {
        std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
        file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        file.flush();
        if (!file) {
            std::remove(temporary.c_str());
            return "cannot write '" + temporary + "' (disk full or not writable?)";
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
        return "cannot move '" + temporary + "' into place at '" + path + "'";
    return std::nullopt;
}

} // namespace mtw::engine
