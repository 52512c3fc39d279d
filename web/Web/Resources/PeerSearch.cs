namespace Selbsthilfe.Web.Resources;

/// <summary>Texts of the peer-search pages ("Gleichbetroffene gesucht").</summary>
public sealed class PeerSearch;
