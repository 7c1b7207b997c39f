; Inno Setup script: a per-user installer for the one-folder Windows build (dist\metrifox-inspector\).
; Built by .github/workflows/desktop.yml:  iscc /DAppVersion=0.1.0 [/DSign /Smetrifox=...] packaging\windows\installer.iss
; With /DSign the installer and its uninstaller are signed by the "metrifox" sign tool given with /S
; (signtool, SHA-256, RFC 3161 timestamp); without it they are not, and the workflow says so.
#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z
#endif

[Setup]
AppId={{5B0C1C5E-8F4A-4E7B-9B57-3F1D2C6A9E41}
AppName=Metrifox Account Inspector
AppVersion={#AppVersion}
AppVerName=Metrifox Account Inspector {#AppVersion}
AppPublisher=Metrifox
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Metrifox Account Inspector
DefaultGroupName=Metrifox Account Inspector
DisableProgramGroupPage=yes
; Per user by default (no administrator needed); "for all users" stays offered.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile=metrifox-inspector.ico
UninstallDisplayIcon={app}\metrifox-inspector.exe
OutputDir=..\..\dist
OutputBaseFilename=MetrifoxAccountInspector-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
#ifdef Sign
SignTool=metrifox
SignedUninstaller=yes
#endif

[Files]
Source: "..\..\dist\metrifox-inspector\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Metrifox Account Inspector"; Filename: "{app}\metrifox-inspector.exe"

[Registry]
; Helpdesk links (metrifox-inspector://customer/KEY) open in the app; HKA is HKCU per user, HKLM for everyone.
Root: HKA; Subkey: "Software\Classes\metrifox-inspector"; ValueType: string; ValueName: ""; ValueData: "URL:Metrifox Account Inspector link"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\metrifox-inspector"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\metrifox-inspector\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\metrifox-inspector.exe,0"
Root: HKA; Subkey: "Software\Classes\metrifox-inspector\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\metrifox-inspector.exe"" ""%1"""

[Run]
Filename: "{app}\metrifox-inspector.exe"; Description: "Start Metrifox Account Inspector"; Flags: nowait postinstall skipifsilent
