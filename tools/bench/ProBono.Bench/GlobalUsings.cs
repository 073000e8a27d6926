// What the benchmark's calls are made of: HTTP and JSON through the gateway, with tokens signed like the platform's.
global using System.Net;
global using System.Net.Http.Json;
global using System.Text.Json;
global using ProBono.Token;
