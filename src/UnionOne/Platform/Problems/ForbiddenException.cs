namespace UnionOne.Platform.Problems;

/// <summary>The caller may see the object but not do this to it (403).</summary>
internal sealed class ForbiddenException(string message = "没有权限") : Exception(message);
