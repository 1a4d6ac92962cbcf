// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "auditlake",
    products: [
        .executable(name: "auditlake", targets: ["auditlake"]),
        .library(name: "AuditLake", targets: ["AuditLake"]),
        .library(name: "JSONStream", targets: ["JSONStream"]),
        .library(name: "EVTX", targets: ["EVTX"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "JSONStream"),
        .target(name: "EVTX"),
        .target(
            name: "AuditLake",
            dependencies: ["JSONStream", "EVTX", "CSQLite", "CZlib"]
        ),
        .executableTarget(
            name: "auditlake",
            dependencies: [
                "AuditLake",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "auditlake-bench",
            dependencies: ["AuditLake", "JSONStream", "EVTX"]
        ),
        .testTarget(
            name: "JSONStreamTests",
            dependencies: ["JSONStream"]
        ),
        .testTarget(
            name: "EVTXTests",
            dependencies: ["EVTX"]
        ),
        .testTarget(
            name: "AuditLakeTests",
            dependencies: ["AuditLake", "JSONStream"]
        ),
    ]
)
