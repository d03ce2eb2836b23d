# Data readers and real-data builders (IDX / Fashion-MNIST, MultiFashion, Fashion MTL, CSV, cache).
set(MTW_DATA_READER_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/csv_importer.cpp ${CMAKE_CURRENT_LIST_DIR}/csv_importer.h
    ${CMAKE_CURRENT_LIST_DIR}/dataset_cache.cpp ${CMAKE_CURRENT_LIST_DIR}/dataset_cache.h
    ${CMAKE_CURRENT_LIST_DIR}/fashion_mtl.cpp ${CMAKE_CURRENT_LIST_DIR}/fashion_mtl.h
    ${CMAKE_CURRENT_LIST_DIR}/idx_reader.cpp ${CMAKE_CURRENT_LIST_DIR}/idx_reader.h
    ${CMAKE_CURRENT_LIST_DIR}/multi_fashion.cpp ${CMAKE_CURRENT_LIST_DIR}/multi_fashion.h)
