using Dapper;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Places;

/// <summary>Places inserted straight into the table, for tests of modules that only need a place to exist.</summary>
internal static class PlaceTestData
{
    public static async Task<long> InsertPlaceAsync(this UnionOneApp app, long unionId, PlaceKind kind = PlaceKind.OutdoorStation,
        string? name = null, PlaceAdmission admits = PlaceAdmission.AllMembers, int capacity = 20,
        double latitude = 28.6564, double longitude = 121.4208, bool open24h = true, PlaceStatus status = PlaceStatus.Open)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>("""
            insert into places.places (union_id, kind, name, address, latitude, longitude, open_24h, capacity, admits, status)
            values (@unionId, @kind, @name, '台州市椒江区测试路1号', @latitude, @longitude, @open24h, @capacity, @admits, @status)
            returning id
            """, new
        {
            unionId,
            kind = (short)kind,
            name = name ?? TestActors.Unique("测试驿站"),
            latitude,
            longitude,
            open24h,
            capacity,
            admits = (short)admits,
            status = (short)status,
        });
    }
}
