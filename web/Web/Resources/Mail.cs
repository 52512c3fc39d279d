namespace Selbsthilfe.Web.Resources;

/// <summary>Texts of the pages behind the links in mails (confirm, unsubscribe, manage, export, erase).</summary>
public sealed class Mail;
