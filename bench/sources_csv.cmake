# Benchmark of the CSV importer (load throughput; --write/--load modes for peak-memory checks);
# included from bench/CMakeLists.txt.
add_executable(bench_csv_import bench_csv_import.cpp)
target_link_libraries(bench_csv_import PRIVATE mtw_data benchmark::benchmark mtw_warnings)
