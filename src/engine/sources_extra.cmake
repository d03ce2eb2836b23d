# Extra sources of mtw_engine (included OPTIONAL by src/engine/CMakeLists.txt).
set(MTW_ENGINE_EXTRA_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/single_task_baselines.cpp ${CMAKE_CURRENT_LIST_DIR}/single_task_baselines.h)
