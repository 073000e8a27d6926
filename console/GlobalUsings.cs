global using Microsoft.AspNetCore.Authentication;
global using Microsoft.AspNetCore.Authorization;
