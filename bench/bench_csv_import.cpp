// Loading a user CSV (data::CsvImporter::importFile): throughput on a generated file of 50
// numeric feature columns, a regression and a classification target. Figures are MB of CSV
// per second; compare builds on the same machine.
//
// The executable also has two plain modes, for measuring a large file's load time and peak
// memory outside Google Benchmark (e.g. under /usr/bin/time -v):
//   bench_csv_import --write PATH MEGABYTES   writes such a file of about that size
//   bench_csv_import --load PATH              imports it once; prints rows, seconds, peak RSS
#include "core/rng.h"
#include "data/csv_importer.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <sys/resource.h>

using namespace mtw;

namespace {

constexpr int featureColumns = 50;

// Rows like real exports: mixed precision, some negative and exponent values, a quoted label.
void writeCsv(const std::string& path, double megabytes)
{
    std::ofstream out(path, std::ios::binary);
    core::Rng rng(7);
    for (int c = 0; c < featureColumns; ++c)
        out << "x" << c << ',';
    out << "y,c\n";
    const auto target = static_cast<std::uint64_t>(megabytes * 1024 * 1024);
    std::uint64_t written = 0;
    char cell[64];
    std::string row;
    static const char* const labels[] = { "red", "green", "\"blue, dark\"" };
    while (written < target) {
        row.clear();
        double sum = 0;
        for (int c = 0; c < featureColumns; ++c) {
            const double x = rng.normal() * (c % 5 == 0 ? 1000.0 : 1.0);
            sum += x;
            std::snprintf(cell, sizeof cell, c % 7 == 3 ? "%.3e," : "%.6g,", x);
            row += cell;
        }
        std::snprintf(cell, sizeof cell, "%.8g,", sum);
        row += cell;
        row += labels[rng.index(3)];
        row += '\n';
        out << row;
        written += row.size();
    }
}

data::CsvImportOptions importOptions()
{
    data::CsvImportOptions options;
    options.targets = data::CsvImporter::parseTargets("y:regression, c:classification");
    return options;
}

long peakRssKiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss; // KiB on Linux
}

int loadOnce(const std::string& path)
{
    const auto start = std::chrono::steady_clock::now();
    data::CsvImportReport report;
    const data::MultiTaskDataset dataset = data::CsvImporter::importFile(path, importOptions(), &report);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double matrixMiB = static_cast<double>(dataset.features.size()) * sizeof(float) / (1024.0 * 1024.0);
    std::cout << "rows " << dataset.sampleCount() << ", features " << dataset.inputDimension() << ", seconds "
              << seconds << ", feature matrix " << matrixMiB << " MiB, peak RSS " << peakRssKiB() / 1024.0 << " MiB\n";
    return 0;
}

// One generated file shared by the benchmark cases (removed at exit).
const std::string& benchFile()
{
    static const std::string path = [] {
        const std::string p = (std::filesystem::temp_directory_path() / "mtw_bench_csv_import.csv").string();
        writeCsv(p, 16);
        std::atexit(
            [] { std::filesystem::remove(std::filesystem::temp_directory_path() / "mtw_bench_csv_import.csv"); });
        return p;
    }();
    return path;
}

void BM_ImportFile(benchmark::State& state)
{
    const std::string& path = benchFile();
    const auto bytes = static_cast<std::int64_t>(std::filesystem::file_size(path));
    for (auto _ : state) {
        data::MultiTaskDataset dataset = data::CsvImporter::importFile(path, importOptions());
        benchmark::DoNotOptimize(dataset.features.data());
    }
    state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_ImportFile)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv)
{
    if (argc == 4 && std::strcmp(argv[1], "--write") == 0) {
        writeCsv(argv[2], std::stod(argv[3]));
        return 0;
    }
    if (argc == 3 && std::strcmp(argv[1], "--load") == 0)
        return loadOnce(argv[2]);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
