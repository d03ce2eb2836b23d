#include "cli/command_output.h"

#include <iostream>

namespace mtw::cli {

CommandOutput::CommandOutput(std::string path)
    : m_path(std::move(path))
{
    if (m_path.empty())
        return;
    m_file.open(m_path, std::ios::binary | std::ios::trunc);
    if (!m_file)
        std::cerr << "error: cannot write '" << m_path << "'\n";
}

bool CommandOutput::ok() const
{
    return m_path.empty() || m_file.is_open();
}

std::ostream& CommandOutput::stream()
{
    return m_path.empty() ? std::cout : m_file;
}

bool CommandOutput::finish()
{
    stream().flush();
    if (stream())
        return true;
    std::cerr << "error: cannot write '" << (m_path.empty() ? std::string("stdout") : m_path) << "'\n";
    return false;
}

} // namespace mtw::cli
