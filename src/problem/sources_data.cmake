# Real-data problems and their models (MMoE, LeNet trunk, factories, per-task metrics).
set(MTW_PROBLEM_DATA_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/hard_sharing_factory.cpp ${CMAKE_CURRENT_LIST_DIR}/hard_sharing_factory.h
    ${CMAKE_CURRENT_LIST_DIR}/lenet_builder.cpp ${CMAKE_CURRENT_LIST_DIR}/lenet_builder.h
    ${CMAKE_CURRENT_LIST_DIR}/mmoe_network.cpp ${CMAKE_CURRENT_LIST_DIR}/mmoe_network.h
    ${CMAKE_CURRENT_LIST_DIR}/task_metrics.cpp ${CMAKE_CURRENT_LIST_DIR}/task_metrics.h)
