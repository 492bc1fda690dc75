; Inno Setup 6 script: the Windows installer for the PyInstaller folder dist\defence-planner.
; Installs for the current user without admin rights (or for all users if chosen), adds a
; Start-menu entry, an optional desktop icon and the .defplan file association.
;
;   iscc /DAppVersion=0.1.0 installer\windows.iss
;   -> dist\defence-planner-0.1.0-windows-x86_64-setup.exe
;
; The version comes from pyproject.toml: python packaging\bundle_contents.py version

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z installer\windows.iss
#endif
#define AppName "Defence Spending Planner"
#define AppExe "defence-planner.exe"
#define ProgId "DefencePlanner.Scenario"
#ifndef AppIcon
  #define AppIcon "..\build\build\icons\defence-planner.ico"
#endif

[Setup]
AppId={{BAE8704E-63BB-4DAB-9626-35ECF7A1AE8F}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=defence-planner-{#AppVersion}-windows-x86_64-setup
#if FileExists(AddBackslash(SourcePath) + AppIcon)
SetupIconFile={#AppIcon}
#endif
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
ChangesAssociations=yes
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\defence-planner\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; HKA: HKCU for a per-user install, HKLM for all users.
Root: HKA; Subkey: "Software\Classes\.defplan"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.defplan\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{#AppName} scenario"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".defplan"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#StringChange(AppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent
